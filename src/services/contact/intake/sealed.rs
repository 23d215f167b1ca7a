//! Opening the sealed documents of a request, its sought persons and a registration, for
//! staff pages, the matcher and the owner's page.

use crate::context::AppContext;
use crate::domain::contact::records::{
    self as dc, Openness, RegistrationData, RegistrationRules, RequesterData, SoughtData, context,
};
use crate::entities::{contact_request, registration, sought_person};
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A contact request with its sealed documents opened (for staff pages; audit the read).
#[derive(Debug, Clone)]
pub struct RequestDetails {
    /// The row.
    pub request: contact_request::Model,
    /// Name, email, phone.
    pub requester: RequesterData,
    /// The message to the sought person (may be empty).
    pub message: String,
    /// The sought persons in form order, each with its row.
    pub sought: Vec<(sought_person::Model, SoughtData)>,
}

/// Opens a request's sealed documents and reads its sought persons, using `db` (a
/// transaction or the pool).
pub async fn open_request(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    request: contact_request::Model,
) -> Result<RequestDetails, AppError> {
    let requester = dc::open(&ctx.crypto, context::REQUESTER, &request.requester_enc)?;
    let message = ctx
        .crypto
        .decrypt_str(context::MESSAGE, &request.message_enc)?;
    let rows = sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(request.id))
        .order_by_asc(sought_person::Column::Position)
        .all(db)
        .await?;
    let mut sought = Vec::with_capacity(rows.len());
    for row in rows {
        let data = open_sought(ctx, &row)?;
        sought.push((row, data));
    }
    Ok(RequestDetails {
        request,
        requester,
        message,
        sought,
    })
}

/// Opens one sought person's sealed details.
pub fn open_sought(ctx: &AppContext, row: &sought_person::Model) -> Result<SoughtData, AppError> {
    Ok(dc::open(&ctx.crypto, context::SOUGHT, &row.data_enc)?)
}

/// A registration with its sealed documents opened.
#[derive(Debug, Clone)]
pub struct RegistrationDetails {
    /// Names, birth year, father's name, places, address.
    pub data: RegistrationData,
    /// Allow and deny rules.
    pub rules: RegistrationRules,
    /// How open the person is.
    pub openness: Openness,
}

/// Opens a registration's sealed documents (for its owner, the matcher and staff pages;
/// staff reads must be audited by the caller).
pub fn open_registration(
    ctx: &AppContext,
    r: &registration::Model,
) -> Result<RegistrationDetails, AppError> {
    Ok(RegistrationDetails {
        data: dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?,
        rules: dc::open(&ctx.crypto, context::RULES, &r.rules_enc)?,
        openness: r.openness,
    })
}
