from plugins.billing import ledger
from plugins.billing.stripe_sync import sync_invoices
