"""An ignore-file below the first 20 lines is not read."""
import os

A3 = 3
A4 = 4
A5 = 5
A6 = 6
A7 = 7
A8 = 8
A9 = 9
A10 = 10
A11 = 11
A12 = 12
A13 = 13
A14 = 14
A15 = 15
A16 = 16
A17 = 17
A18 = 18
A19 = 19
# ssotscan: ignore-file[env-access] too late  # warning: unused-suppression
B = os.environ["B"]
