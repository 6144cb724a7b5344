"""A detainee's medication: the rules (rules.py, pure), the plans and the record of each
dose (services), when each dose is due (selectors), and their pages."""
