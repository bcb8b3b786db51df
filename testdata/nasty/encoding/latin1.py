# -*- coding: latin-1 -*-
import os

CITY = "Zürich"
HOME = os.environ["HOME"]
