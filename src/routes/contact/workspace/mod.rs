//! The caseworkers' workspace on the contact side: work by stage, the case search, and
//! need-to-know (assignment, and the reason a non-assignee gives to read a case), and the
//! assisted intake for people without email.

pub mod assisted;
pub mod assisted_forms;
pub mod need_to_know;
pub mod work;
