class Invoice:  # warning: duplicate-definition
    def total(self):
        return 1


class Meta:
    pass


def render_invoice(invoice):  # warning: duplicate-definition
    return repr(invoice)


# OK: defined once.
class Report:
    pass
