# Error: `Invoice` is defined in two modules.
class Invoice:  # warning: duplicate-definition
    def total(self):
        return 0


# OK: `Meta` is in ignore-names.
class Meta:
    pass


def render_invoice(invoice):  # warning: duplicate-definition
    return str(invoice)
