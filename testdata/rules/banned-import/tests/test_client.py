import unittest  # warning: banned-import
