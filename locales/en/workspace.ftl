# The caseworkers' workspace (issue #15): work by stage, assignment and need-to-know,
# search, and the content-free staff email.

work-title = My work
work-intro = Every open case by stage, oldest first. Names are shown for your own cases and for unassigned ones; opening this page is recorded.
work-mine-only = Only my cases
work-all-cases = The whole team's cases
work-waiting-title = Waiting for your decision
work-waiting-intro = A colleague proposed these; a second caseworker must decide them on the case page.
work-waiting-none = Nothing waits for your decision.
work-waiting-item = { $kind } on match { $id }, proposed by { $who } since { $since }
work-kind-contact-release = Release of the connection
work-kind-contact-confirm-consent = An answer recorded by staff
work-stage-to-review = To review
work-stage-reviewed = Reviewed, no verified match
work-stage-verified = Verified
work-stage-asked = Asked
work-stage-waiting-requester = Waiting for the requester
work-stage-cooling-off = Cooling off
work-stage-awaiting-approval = Awaiting release approval
work-stage-welfare-review = Welfare text to review
work-stage-connected = Connected
work-stage-closed = Closed
work-count = { $team } in all, { $mine } assigned to me
work-show-all = Show all
work-none = None.
work-unassigned-title = Unassigned
work-unassigned-count = { $count } open requests are assigned to nobody.
work-col-case = Case
work-col-stage = Stage
work-col-when = Since
work-col-age = Age
work-col-assignee = Assigned to
work-col-language = Language
work-col-names = Sought
work-since = since { $at }
work-until = until { $at }
work-age-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
work-nobody = nobody
work-me = me
work-flagged = flagged
work-hidden-names = (assigned to a colleague)
work-case-ref = #{ $id }
work-match-ref = match #{ $id }
work-take = Take this case
work-cases-title = Find a case
work-search-label = Case number or name (either script)
work-search-submit = Search
work-filter-stage = Stage
work-filter-assignee = Assigned to
work-filter-flag = Flag
work-filter-age = At least this many days old
work-filter-lang = Language
work-filter-any = Any
work-filter-hostile = Flagged as suspected hostile
work-filter-clear = Not flagged
work-results = { $count ->
    [one] One case found.
   *[other] { $count } cases found.
}
work-previous = Previous page
work-next = Next page
form-error-work-unknown-stage = There is no such stage.
form-error-work-unknown-assignee = There is no such caseworker.
form-error-work-bad-age = Please enter a number of days from 0 to 3650.
form-error-assign-unknown = There is no such caseworker.
form-error-assign-not-allowed = This case cannot be assigned so: a caseworker takes an unassigned case or gives back their own; an administrator assigns any case.
work-assignment-title = Assignment
work-assigned-to = Assigned to { $name }.
work-unassigned = Nobody is assigned to this request.
work-give-back = Give back to the unassigned queue
work-assign-to = Assign to
work-assign-submit = Assign
work-history = Assignment history
work-history-item = { $at }: to { $to } by { $by }
work-history-back = { $at }: back to the queue by { $by }
case-notice-assigned = The assignment was saved.
work-reason-title = This case is assigned to a colleague
work-reason-intro = Its personal data is read by its assignee. If you need to read it, say why: your reason is recorded in the audit log, and the case stays open to you for this session's length.
work-reason-label = Why do you need to read this case?
work-reason-submit = Open the case
staff-settings-title = My settings
staff-settings-email-title = Email when something waits
staff-settings-email-text = When a case is assigned to you, a proposal waits for your decision or a requester writes on your case, we can send you an email that says only "Something is waiting for you in the staff area", at most once an hour.
staff-settings-email-on = Send me that email
staff-settings-email-off = Do not send me that email
staff-settings-save = Save
staff-settings-notice-saved = Your settings were saved.
email-staff-waiting-subject = Something is waiting for you
email-staff-waiting-body = Something is waiting for you in the staff area.
