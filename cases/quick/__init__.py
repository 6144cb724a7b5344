"""The quick file: a volume-crime case file on one page, then one page to check it.

The officer tells the case once, in the order it happened (``forms.QuickFileForm``);
``answers.py`` turns that, with what the app already knows (the custody record, the
person, the force, the offence, the file rules), into the answers of the same file,
sections and parts the long route builds; ``services.quick_file_create`` stores them
through the same services; ``check.py`` lists everything the file will say, each answer
with the page where it is changed.
"""
