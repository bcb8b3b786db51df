import os

PRICE = 10 $ 2
HOME = os.environ["HOME"]
