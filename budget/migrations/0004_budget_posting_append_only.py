"""The budget ledger is append-only: the database refuses UPDATE and DELETE of a posting (a
correction is another posting), as it does for the audit chain."""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION budget_posting_forbid_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'budget_budgetposting is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER budget_posting_no_update BEFORE UPDATE ON budget_budgetposting
    FOR EACH ROW EXECUTE FUNCTION budget_posting_forbid_change();
CREATE TRIGGER budget_posting_no_delete BEFORE DELETE ON budget_budgetposting
    FOR EACH ROW EXECUTE FUNCTION budget_posting_forbid_change();
"""

ALLOW = """
DROP TRIGGER IF EXISTS budget_posting_no_update ON budget_budgetposting;
DROP TRIGGER IF EXISTS budget_posting_no_delete ON budget_budgetposting;
DROP FUNCTION IF EXISTS budget_posting_forbid_change();
"""


class Migration(migrations.Migration):
    dependencies = [("budget", "0003_budget_structure_ledger")]

    operations = [migrations.RunSQL(FORBID, ALLOW)]
