## The staff workspace (issue #15): case notes and the contact log, follow-ups, the pager,
## the readable audit log, statistics.

pager-label = Pages
pager-first = First
pager-prev = Previous
pager-next = Next
pager-last = Last
pager-position = Page { $page } of { $pages }

notes-link = Notes and contact log
notes-title-request = Notes on request #{ $id }
notes-title-match = Notes on match #{ $id }
notes-back-request = Back to request #{ $id }
notes-back-match = Back to match #{ $id }
notes-list = Notes and contacts, newest first
notes-caption = Notes and logged contacts ({ $total } in all)
notes-none = No notes yet.
notes-col-when = When (UTC)
notes-col-who = Who
notes-col-what = What
notes-col-text = Note
notes-col-follow-up = Follow up on
notes-on-match = match #{ $id }
notes-follow-up-done = done
notes-add = Add a note or log a contact
notes-field-kind = What is it?
notes-kind-note = A note
notes-kind-contact = A call or meeting
notes-field-channel = How the contact happened
notes-field-channel-hint = Only for a call or meeting.
notes-field-outcome = What came of it
notes-field-text = Note
notes-field-text-hint = Kept encrypted; every reading is recorded. At most { $max } characters.
notes-field-follow-up = Follow up on (optional)
notes-field-follow-up-hint = A day, as 2026-12-31. It will show on your staff home page from that day.
notes-submit = Save
notes-notice-added = The note was saved.
notes-channel-phone = Phone call
notes-channel-video = Video call
notes-channel-in-person = Meeting in person
notes-channel-written = Email or letter
notes-channel-other = Other
notes-outcome-reached = Spoke with them
notes-outcome-no-answer = No answer
notes-outcome-message-left = Left a message
notes-outcome-rescheduled = Agreed another time
notes-outcome-refused = Did not wish to talk

follow-ups-title = Follow-ups due
follow-ups-caption = Your notes whose follow-up day has come, oldest first
follow-ups-col-due = Day
follow-ups-col-case = Case
follow-ups-col-done = Done?
follow-ups-overdue = overdue
follow-ups-mark-done = Mark done

form-error-note-too-long = This is too long: at most 5,000 characters.
form-error-follow-up-past = This day has passed: choose today or a later day.
form-error-follow-up-far = Choose a day within a year.
