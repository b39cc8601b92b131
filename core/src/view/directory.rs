//! Shops and doctors.

use serde::Serialize;

use crate::ids::{DoctorUid, ShopUid, VideoRoomId};
use crate::phone::E164;

#[derive(Debug, Clone, Serialize)]
pub struct Shop {
    pub shop_uid: ShopUid,
    pub name: String,
    pub address: String,
    /// An IANA zone name.
    pub time_zone: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Doctor {
    pub doctor_uid: DoctorUid,
    pub shop_uid: ShopUid,
    pub name: String,
    pub video_room_id: VideoRoomId,
    /// For SMS reminders (seed 001); staff data, shown to admins.
    pub mobile_phone: Option<E164>,
    pub created_at: String,
}
