# A Python 2 module nobody ported.
import sys

print "usage: %s FILE" % sys.argv[0]
