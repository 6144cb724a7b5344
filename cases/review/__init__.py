"""The supervisor's review of a submitted file, section by section: the queue of files
awaiting review, approving or returning each section (with a comment), correcting a
slip, completing the review, and the officer's returned sections; and the file's
history, for everyone who may see the file."""
