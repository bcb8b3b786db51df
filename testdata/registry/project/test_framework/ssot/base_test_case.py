"""The SSOT base test case."""


class SSotBaseTestCase:
    def setup_method(self):
        self.env = {}
