## Staff pages — English

staff-nav-label = Staff
staff-home-title = Staff area
staff-admin-title = Staff accounts
approvals-title = Approvals
audit-title = Audit log
staff-logout = Log out

## Login
staff-login-title = Staff login
staff-field-email = Email address
staff-field-password = Password
staff-login-submit = Continue
staff-verify-title = Second step
staff-verify-intro = Enter the six-digit code from your authenticator app.
staff-field-code = Code
staff-verify-recovery-hint = Lost your phone? Enter one of your recovery codes instead.
staff-verify-submit = Log in

## Enrolment
staff-enrol-title = Set your password
staff-enrol-intro = Choose a password for your staff account. Then you will set up an authenticator app.
staff-field-new-password = New password
staff-password-hint = At least 12 characters. A few unrelated words make a good password. Very common passwords are refused.
staff-field-password-confirm = The same password again
staff-enrol-submit = Save password
staff-link-invalid-title = This link cannot be used
staff-link-invalid-text = The link has expired, has already been used, or is not valid. Ask an administrator for a new invitation.
staff-totp-title = Set up your authenticator
staff-totp-intro = Scan the code with an authenticator app (such as Aegis, FreeOTP or Google Authenticator), then enter the six-digit code it shows.
staff-totp-qr-caption = QR code for your authenticator app
staff-totp-secret-label = If you cannot scan it, type this key:
staff-totp-submit = Confirm
staff-recovery-title = Your recovery codes
staff-recovery-intro = Keep these ten codes somewhere safe, away from your phone. Each works once if you lose your authenticator. They will not be shown again.
staff-recovery-continue = I have saved them — continue

## Dashboard
staff-home-welcome = Welcome, { $name }.
staff-home-admin-text = Invite colleagues, change roles, disable accounts.
staff-home-approvals-text = Actions that need a second administrator.
staff-home-audit-text = Every action and every view of personal data.
staff-home-sessions-title = Your sessions
staff-home-sessions-text = Log out on every device where you are logged in, for example if you lost a laptop.
staff-home-sessions-submit = Log out everywhere

## Administration
staff-admin-caption = All staff accounts
staff-col-name = Name
staff-col-roles = Roles
staff-col-state = State
staff-state-active = Active
staff-state-enrolling = Not yet set up
staff-state-disabled = Disabled
role-admin = Administrator
role-caseworker = Caseworker
role-organiser = Organiser
staff-invite-title = Invite a colleague
staff-invite-intro = They will receive a one-time link by email to set their password and second factor.
staff-invite-admin-hint = The administrator role is given after enrolment, from the colleague's page, and needs a second administrator's approval. The caseworker role can be chosen here, but it is given only once a second administrator approves it (on the approvals page).
staff-invite-submit = Send invitation
staff-roles-legend = Roles of this account
staff-field-reason = Reason
staff-roles-submit = Save roles
staff-access-heading = Access
staff-disable-submit = Disable account
staff-enable-submit = Enable account
staff-end-sessions-submit = Log out on all devices
staff-reset-heading = Reset second factor
staff-reset-text = If this colleague lost their authenticator, a reset removes their password and authenticator and emails them a new enrolment link. A second administrator must approve it.
staff-reset-submit = Propose reset
staff-notice-invited = Invitation sent.
staff-notice-saved = Saved.
staff-notice-proposed = Proposed. It takes effect when another administrator approves it.
staff-notice-sessions-ended = All sessions of this account have ended.
staff-notice-enabled = The account is enabled.
staff-notice-disabled = The account is disabled and its sessions have ended.

## Approvals
approvals-intro = Some actions need two administrators: one proposes, another approves. Nothing happens until then.
approvals-none = Nothing has been proposed.
approval-notice-approved = Approved and carried out.
approval-notice-rejected = Rejected. Nothing was changed.
approval-error-invalid = Please choose approve or reject; a note may have at most 500 characters.
approval-error-not-found = There is no such proposal.
approval-error-already-decided = This proposal has already been decided.
approval-error-expired = This proposal has expired. It can be proposed again.
approval-error-own-proposal = You proposed this yourself: another administrator must decide it.
approval-error-own-account = This proposal concerns your own account: another administrator must decide it.
approval-error-missing-role = Only administrators can decide this.
approval-kind-staff-reset-second-factor = Reset second factor
approval-proposer = Proposed by
approval-status = State
approval-status-pending = Waiting for approval
approval-status-approved = Approved
approval-status-rejected = Rejected
approval-status-expired = Expired
approval-expires = Expires
approval-note = Note (optional)
approval-approve = Approve
approval-reject = Reject

## Audit
audit-intact = The log is intact: every entry verifies ({ $events } entries).
audit-broken = Warning: the log has been tampered with. The first broken entry is number { $seq }.
audit-filter-action = Action starts with
audit-filter-actor = Actor
audit-filter-submit = Filter
audit-caption = Entries, newest first ({ $total } in all)
audit-col-time = Time (UTC)
audit-col-actor = Actor
audit-col-action = Action
audit-col-subject = Subject
audit-col-details = Details
audit-pages = Pages
audit-newer = Newer
audit-older = Older

## Form errors on staff pages
form-error-login-failed = The email address or password is not right, or there were too many attempts. Please check and try again in a few minutes.
form-error-code-wrong = That code is not right or has already been used. Enter the current code from your app, or a recovery code.
form-error-password-too-short = Use at least 12 characters.
form-error-password-common = This password is too common. Choose another.
form-error-password-personal = Do not build your password from your email address, your name, or the name of this service or organisation.
form-error-password-pattern = Avoid repeated characters, sequences such as 1234 or abcd, and rows of keys such as qwerty.
form-error-password-guessable = This password is easy to guess. A few unrelated words make a strong one.
form-error-password-mismatch = The two passwords are different.
form-error-email-invalid = Enter an email address like name@example.org (plain Latin letters).
form-error-email-exists = A staff account with this email address already exists.
form-error-name-invalid = Enter a name of at most 100 characters.
form-error-role-required = Choose at least one role.
form-error-own-account = You cannot do this to your own account.
form-error-reason-required = Give a reason: the approving administrator will see it.
form-error-last-admin = This is the last active administrator; make someone else an administrator first.

## Email
email-staff-invite-subject = Your staff account
email-staff-invite-body = An account has been created for you. Open this link to set your password:
email-staff-invite-expiry = The link works once and expires in 72 hours. If you did not expect this, ignore this message.

## Four-eyes rules, enrolment links
staff-roles-hint = Giving or taking the administrator or caseworker role needs a reason and a second administrator's approval.
staff-active-hint = For an administrator's account, give a reason: a second administrator must approve.
staff-own-account = This is your own account. Another administrator must change its roles or access.
staff-resend-heading = Enrolment not finished
staff-resend-text = This colleague has not finished setting up their account. You can send a new enrolment link; earlier links stop working.
staff-resend-submit = Send a new link
staff-notice-link-sent = A new enrolment link has been sent.
approval-detail = Afterwards
approval-code = Your current authenticator code (or a recovery code)
approval-error-second-factor = The authenticator code is not right or was already used. Deciding needs a fresh code.
approval-error-no-longer-valid = This proposal no longer fits: the proposer or the account concerned has changed since. Nothing was done.
approval-kind-staff-set-roles = Change roles (administrator or caseworker)
approval-kind-staff-set-active = Enable or disable an administrator
form-error-admin-needs-approval = The administrator role cannot be given with an invitation. Invite the colleague first, then give the role from their page.
form-error-already-enrolled = This account already has a second factor; propose a reset instead.
email-staff-reenrol-subject = Set up your account again
email-staff-reenrol-body = Your account needs to be set up again. Open this link to choose a new password and authenticator:

mail-title = Mail
staff-home-mail-text = Email waiting to be sent, and email that could not be delivered.
staff-home-failed-mail = Some email could not be delivered: { $count } failed. See the mail page.
mail-intro = Email is retried for { $days } days, at growing intervals up to an hour, before it is marked failed; a permanent refusal by the mail server marks it failed at once. Failed email is kept so that it can be sent again.
mail-notice-retried = The email will be sent again now.
mail-notice-none = There was no failed email to send again.
mail-pending-title = Waiting
mail-pending = Emails waiting to be sent or retried: { $count }
mail-oldest-pending = The oldest was queued { $at } UTC ({ $hours } h ago).
mail-failed-title = Failed
mail-failed = Failed emails: { $count }
mail-retry-all = Send all failed email again
mail-failed-list = Failed emails
mail-failed-private = Who an email is for and what it says are personal data, so they are not shown here.
mail-failed-more = The newest { $shown } are listed.
mail-failed-caption = Failed emails, newest first
mail-queued = Queued (UTC)
mail-age = Age
mail-attempts = Attempts
mail-last-error = Last error
mail-hours = { $hours } h
mail-retry = Send again
mail-error-permanent = Refused by the mail server (reply { $reply })
mail-error-transient = Deferred by the mail server (reply { $reply })
mail-error-timeout = The mail server did not answer in time
mail-error-tls = Secure connection failed
mail-error-connection = No connection to the mail server, or it broke
mail-error-file = The mail folder could not be written
mail-error-address = The address is not valid
mail-error-stored = The stored email cannot be read
mail-error-other = Other error

email-staff-login-alert-subject = Repeated failed staff logins
email-staff-login-alert-body = Someone has failed to log in to a staff account many times. The address is locked for a while for browsers that have not logged in to it before; the staff member's own browser still gets in. The audit log has the details:
email-staff-login-alert-note = You get at most one such email an hour for the same address. Nothing needs doing unless the attempts go on.
