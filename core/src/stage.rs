//! The visit workflow (seed 002): where a visit stands (`status`) and
//! where its video call stands (`videoCall.status`), two machines moved by
//! the same steps, as seed 002 keeps them.
//!
//! ## Stages
//! A visit is `scheduled` when booked, `arrived` when checked in (a
//! walk-in registration arrives at once), then queued: in a shop with an
//! intake step it waits for a medical assistant (`in progress.intake.ready`),
//! is taken in (`…intake.progress`), and is handed to the doctors' queue
//! (`in progress.exam.ready`); in a shop without one it goes to the
//! doctors' queue directly. A doctor takes it (`…exam.progress`), then
//! completes it (`completed`) or discharges it first (`discharge.ready`,
//! `discharge.progress`). A completed visit is signed off (`sign off`).
//! Before it is taken it may be `cancelled`; a booked visit nobody came to
//! is `not showed up`.
//!
//! ## The call
//! `waiting` until someone takes the patient, `on call` while they are
//! with a clinician, `on hold` between intake and exam (and when put on
//! hold), `finalizing` through discharge, `complete` at the end;
//! `incomplete` when a visit ends without being finished, and `LWBS`
//! (left without being seen) when a queued patient leaves.
//!
//! ## Seed 000 and seed 001
//! The waiting room's `waiting` is any `…ready` stage and `arrived`;
//! `allocated` is any `…progress` stage and `discharge.ready`; `completed`
//! is `completed` and `sign off`; `cancelled` is `cancelled` and `not
//! showed up` ([`Stage::queue_status`]).
//!
//! Every move not listed in [`apply`] is refused, and the stage and call
//! stay as they were (the API answers 409).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use std::collections::HashMap;

use crate::ids::QueueUid;
use crate::queue::QueueStatus;

/// Where a visit stands (seed 002's appointment `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Stage {
    #[serde(rename = "scheduled")]
    Scheduled,
    #[serde(rename = "arrived")]
    Arrived,
    #[serde(rename = "in progress.intake.ready")]
    IntakeReady,
    #[serde(rename = "in progress.intake.progress")]
    IntakeProgress,
    #[serde(rename = "in progress.exam.ready")]
    ExamReady,
    #[serde(rename = "in progress.exam.progress")]
    ExamProgress,
    #[serde(rename = "discharge.ready")]
    DischargeReady,
    #[serde(rename = "discharge.progress")]
    DischargeProgress,
    #[serde(rename = "completed")]
    Completed,
    #[serde(rename = "sign off")]
    SignOff,
    #[serde(rename = "cancelled")]
    Cancelled,
    #[serde(rename = "not showed up")]
    NotShowedUp,
}

/// Where the visit's video call stands (seed 002's `videoCall.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CallStatus {
    #[serde(rename = "waiting")]
    Waiting,
    #[serde(rename = "on call")]
    OnCall,
    #[serde(rename = "on hold")]
    OnHold,
    #[serde(rename = "finalizing")]
    Finalizing,
    #[serde(rename = "complete")]
    Complete,
    #[serde(rename = "incomplete")]
    Incomplete,
    #[serde(rename = "LWBS")]
    Lwbs,
}

impl Stage {
    pub const ALL: [Stage; 12] = [
        Stage::Scheduled,
        Stage::Arrived,
        Stage::IntakeReady,
        Stage::IntakeProgress,
        Stage::ExamReady,
        Stage::ExamProgress,
        Stage::DischargeReady,
        Stage::DischargeProgress,
        Stage::Completed,
        Stage::SignOff,
        Stage::Cancelled,
        Stage::NotShowedUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Scheduled => "scheduled",
            Stage::Arrived => "arrived",
            Stage::IntakeReady => "in progress.intake.ready",
            Stage::IntakeProgress => "in progress.intake.progress",
            Stage::ExamReady => "in progress.exam.ready",
            Stage::ExamProgress => "in progress.exam.progress",
            Stage::DischargeReady => "discharge.ready",
            Stage::DischargeProgress => "discharge.progress",
            Stage::Completed => "completed",
            Stage::SignOff => "sign off",
            Stage::Cancelled => "cancelled",
            Stage::NotShowedUp => "not showed up",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The waiting room's status (seed 000) for this stage; `None` before
    /// the visit reaches the waiting room.
    pub fn queue_status(self) -> Option<QueueStatus> {
        match self {
            Stage::Scheduled => None,
            Stage::Arrived | Stage::IntakeReady | Stage::ExamReady => Some(QueueStatus::Waiting),
            Stage::IntakeProgress
            | Stage::ExamProgress
            | Stage::DischargeReady
            | Stage::DischargeProgress => Some(QueueStatus::Allocated),
            Stage::Completed | Stage::SignOff => Some(QueueStatus::Completed),
            Stage::Cancelled | Stage::NotShowedUp => Some(QueueStatus::Cancelled),
        }
    }

    /// Whether the visit waits in a queue in this stage, and whose.
    pub fn queue(self) -> Option<Queue> {
        match self {
            Stage::IntakeReady => Some(Queue::Intake),
            Stage::ExamReady => Some(Queue::Exam),
            _ => None,
        }
    }
}

impl CallStatus {
    pub const ALL: [CallStatus; 7] = [
        CallStatus::Waiting,
        CallStatus::OnCall,
        CallStatus::OnHold,
        CallStatus::Finalizing,
        CallStatus::Complete,
        CallStatus::Incomplete,
        CallStatus::Lwbs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Waiting => "waiting",
            CallStatus::OnCall => "on call",
            CallStatus::OnHold => "on hold",
            CallStatus::Finalizing => "finalizing",
            CallStatus::Complete => "complete",
            CallStatus::Incomplete => "incomplete",
            CallStatus::Lwbs => "LWBS",
        }
    }

    pub fn parse(s: &str) -> Option<CallStatus> {
        CallStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The two queues of a shop with an intake step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Queue {
    /// Waiting for a medical assistant.
    Intake,
    /// Waiting for a doctor.
    Exam,
}

/// A visit's two machines together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub stage: Stage,
    pub call: CallStatus,
}

impl Visit {
    /// A booked visit.
    pub const SCHEDULED: Visit = Visit {
        stage: Stage::Scheduled,
        call: CallStatus::Waiting,
    };
}

/// What moves a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Checked in, or registered as a walk-in.
    Arrive,
    /// Joins the shop's first queue: intake if the shop has one.
    Queue {
        intake: bool,
    },
    /// A medical assistant takes the patient.
    StartIntake,
    /// The assistant hands the patient to the doctors' queue.
    FinishIntake,
    /// A doctor takes the patient.
    StartExam,
    /// The doctor ends the exam and starts discharge.
    Discharge,
    /// Discharge is under way.
    StartDischarge,
    /// The visit is finished (from the exam or from discharge).
    Complete,
    /// The completed visit's record is signed.
    SignOff,
    /// The call is paused, or resumed.
    Hold,
    Resume,
    /// The patient left, or the visit was called off.
    Cancel,
    /// A booked patient never came.
    NoShow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a visit that is {} (call {}) cannot {}", .from.stage.as_str(), .from.call.as_str(), step_name(.step))]
pub struct StageError {
    pub from: Visit,
    pub step: Step,
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::Arrive => "arrive",
        Step::Queue { .. } => "join the queue",
        Step::StartIntake => "start intake",
        Step::FinishIntake => "finish intake",
        Step::StartExam => "start the exam",
        Step::Discharge => "move to discharge",
        Step::StartDischarge => "start discharge",
        Step::Complete => "be completed",
        Step::SignOff => "be signed off",
        Step::Hold => "be put on hold",
        Step::Resume => "be resumed",
        Step::Cancel => "be cancelled",
        Step::NoShow => "be marked as not showed up",
    }
}

/// The visit after `step`, or why not.
pub fn apply(from: Visit, step: Step) -> Result<Visit, StageError> {
    use CallStatus as C;
    use Stage as S;
    let to = |stage, call| Ok(Visit { stage, call });
    let refused = Err(StageError { from, step });
    match (from.stage, from.call, step) {
        (S::Scheduled, C::Waiting, Step::Arrive) => to(S::Arrived, C::Waiting),
        (S::Scheduled, C::Waiting, Step::NoShow) => to(S::NotShowedUp, C::Incomplete),
        (S::Scheduled, C::Waiting, Step::Cancel) => to(S::Cancelled, C::Incomplete),
        (S::Arrived, C::Waiting, Step::Queue { intake: true }) => to(S::IntakeReady, C::Waiting),
        (S::Arrived, C::Waiting, Step::Queue { intake: false }) => to(S::ExamReady, C::Waiting),
        (S::IntakeReady, C::Waiting, Step::StartIntake) => to(S::IntakeProgress, C::OnCall),
        (S::IntakeProgress, C::OnCall | C::OnHold, Step::FinishIntake) => {
            to(S::ExamReady, C::OnHold)
        }
        (S::ExamReady, C::Waiting | C::OnHold, Step::StartExam) => to(S::ExamProgress, C::OnCall),
        (S::ExamProgress, C::OnCall | C::OnHold, Step::Discharge) => {
            to(S::DischargeReady, C::Finalizing)
        }
        (S::DischargeReady, C::Finalizing, Step::StartDischarge) => {
            to(S::DischargeProgress, C::Finalizing)
        }
        (S::ExamProgress, C::OnCall | C::OnHold, Step::Complete)
        | (S::DischargeReady | S::DischargeProgress, C::Finalizing, Step::Complete) => {
            to(S::Completed, C::Complete)
        }
        (S::Completed, C::Complete, Step::SignOff) => to(S::SignOff, C::Complete),
        (stage @ (S::IntakeProgress | S::ExamProgress), C::OnCall, Step::Hold) => {
            to(stage, C::OnHold)
        }
        (stage @ (S::IntakeProgress | S::ExamProgress), C::OnHold, Step::Resume) => {
            to(stage, C::OnCall)
        }
        // Left while queued: not seen.
        (S::Arrived | S::IntakeReady, C::Waiting, Step::Cancel) => to(S::Cancelled, C::Lwbs),
        (S::ExamReady, C::Waiting, Step::Cancel) => to(S::Cancelled, C::Lwbs),
        // Left after intake, or during a consultation: seen, not finished.
        (S::ExamReady, C::OnHold, Step::Cancel)
        | (S::IntakeProgress | S::ExamProgress, C::OnCall | C::OnHold, Step::Cancel) => {
            to(S::Cancelled, C::Incomplete)
        }
        _ => refused,
    }
}

/// A queued visit, as positions need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub queue_uid: QueueUid,
    pub stage: Stage,
    /// When it reached its current stage.
    pub since: DateTime<Utc>,
    /// The order of registration, which breaks ties between visits that
    /// reached a queue in the same millisecond.
    pub seq: i64,
}

/// Where a waiting visit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub queue: Queue,
    /// 1-based, within `queue`.
    pub position: u32,
}

impl Place {
    /// How many patients a doctor sees before this one, this one
    /// included, when `exam_waiting` wait for a doctor: the estimate's
    /// position. A patient waiting for intake has the whole doctors' queue
    /// ahead of them too, since intake hands them on behind it.
    pub fn doctors_position(self, exam_waiting: u32) -> u32 {
        match self.queue {
            Queue::Exam => self.position,
            Queue::Intake => exam_waiting.saturating_add(self.position),
        }
    }
}

/// Every waiting visit's queue and 1-based position in it: first come
/// first served by the time each reached that queue (then by
/// registration), so a patient handed on from intake joins the doctors'
/// queue behind those already in it, and a position never grows while the
/// patient waits. Visits not waiting in a queue have none.
pub fn positions(entries: &[Queued]) -> HashMap<QueueUid, Place> {
    let mut queued: Vec<(&Queued, Queue)> = entries
        .iter()
        .filter_map(|e| Some((e, e.stage.queue()?)))
        .collect();
    queued.sort_by_key(|(e, _)| (e.since, e.seq));
    let (mut intake, mut exam) = (0u32, 0u32);
    queued
        .into_iter()
        .map(|(e, queue)| {
            let counter = match queue {
                Queue::Intake => &mut intake,
                Queue::Exam => &mut exam,
            };
            *counter = counter.saturating_add(1);
            let place = Place {
                queue,
                position: *counter,
            };
            (e.queue_uid.clone(), place)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ShopUid;
    use chrono::{Duration, TimeZone};
    use std::collections::HashSet;

    const STEPS: [Step; 14] = [
        Step::Arrive,
        Step::Queue { intake: true },
        Step::Queue { intake: false },
        Step::StartIntake,
        Step::FinishIntake,
        Step::StartExam,
        Step::Discharge,
        Step::StartDischarge,
        Step::Complete,
        Step::SignOff,
        Step::Hold,
        Step::Resume,
        Step::Cancel,
        Step::NoShow,
    ];

    fn v(stage: Stage, call: CallStatus) -> Visit {
        Visit { stage, call }
    }

    /// Every legal move, and nothing else: the whole table.
    fn legal() -> Vec<(Visit, Step, Visit)> {
        use CallStatus as C;
        use Stage as S;
        vec![
            (
                v(S::Scheduled, C::Waiting),
                Step::Arrive,
                v(S::Arrived, C::Waiting),
            ),
            (
                v(S::Scheduled, C::Waiting),
                Step::NoShow,
                v(S::NotShowedUp, C::Incomplete),
            ),
            (
                v(S::Scheduled, C::Waiting),
                Step::Cancel,
                v(S::Cancelled, C::Incomplete),
            ),
            (
                v(S::Arrived, C::Waiting),
                Step::Queue { intake: true },
                v(S::IntakeReady, C::Waiting),
            ),
            (
                v(S::Arrived, C::Waiting),
                Step::Queue { intake: false },
                v(S::ExamReady, C::Waiting),
            ),
            (
                v(S::Arrived, C::Waiting),
                Step::Cancel,
                v(S::Cancelled, C::Lwbs),
            ),
            (
                v(S::IntakeReady, C::Waiting),
                Step::StartIntake,
                v(S::IntakeProgress, C::OnCall),
            ),
            (
                v(S::IntakeReady, C::Waiting),
                Step::Cancel,
                v(S::Cancelled, C::Lwbs),
            ),
            (
                v(S::IntakeProgress, C::OnCall),
                Step::FinishIntake,
                v(S::ExamReady, C::OnHold),
            ),
            (
                v(S::IntakeProgress, C::OnHold),
                Step::FinishIntake,
                v(S::ExamReady, C::OnHold),
            ),
            (
                v(S::IntakeProgress, C::OnCall),
                Step::Hold,
                v(S::IntakeProgress, C::OnHold),
            ),
            (
                v(S::IntakeProgress, C::OnHold),
                Step::Resume,
                v(S::IntakeProgress, C::OnCall),
            ),
            (
                v(S::IntakeProgress, C::OnCall),
                Step::Cancel,
                v(S::Cancelled, C::Incomplete),
            ),
            (
                v(S::IntakeProgress, C::OnHold),
                Step::Cancel,
                v(S::Cancelled, C::Incomplete),
            ),
            (
                v(S::ExamReady, C::Waiting),
                Step::StartExam,
                v(S::ExamProgress, C::OnCall),
            ),
            (
                v(S::ExamReady, C::OnHold),
                Step::StartExam,
                v(S::ExamProgress, C::OnCall),
            ),
            (
                v(S::ExamReady, C::Waiting),
                Step::Cancel,
                v(S::Cancelled, C::Lwbs),
            ),
            (
                v(S::ExamReady, C::OnHold),
                Step::Cancel,
                v(S::Cancelled, C::Incomplete),
            ),
            (
                v(S::ExamProgress, C::OnCall),
                Step::Hold,
                v(S::ExamProgress, C::OnHold),
            ),
            (
                v(S::ExamProgress, C::OnHold),
                Step::Resume,
                v(S::ExamProgress, C::OnCall),
            ),
            (
                v(S::ExamProgress, C::OnCall),
                Step::Complete,
                v(S::Completed, C::Complete),
            ),
            (
                v(S::ExamProgress, C::OnHold),
                Step::Complete,
                v(S::Completed, C::Complete),
            ),
            (
                v(S::ExamProgress, C::OnCall),
                Step::Discharge,
                v(S::DischargeReady, C::Finalizing),
            ),
            (
                v(S::ExamProgress, C::OnHold),
                Step::Discharge,
                v(S::DischargeReady, C::Finalizing),
            ),
            (
                v(S::ExamProgress, C::OnCall),
                Step::Cancel,
                v(S::Cancelled, C::Incomplete),
            ),
            (
                v(S::ExamProgress, C::OnHold),
                Step::Cancel,
                v(S::Cancelled, C::Incomplete),
            ),
            (
                v(S::DischargeReady, C::Finalizing),
                Step::StartDischarge,
                v(S::DischargeProgress, C::Finalizing),
            ),
            (
                v(S::DischargeReady, C::Finalizing),
                Step::Complete,
                v(S::Completed, C::Complete),
            ),
            (
                v(S::DischargeProgress, C::Finalizing),
                Step::Complete,
                v(S::Completed, C::Complete),
            ),
            (
                v(S::Completed, C::Complete),
                Step::SignOff,
                v(S::SignOff, C::Complete),
            ),
        ]
    }

    #[test]
    fn every_move_legal_and_illegal() {
        let legal = legal();
        let mut seen = HashSet::new();
        for stage in Stage::ALL {
            for call in CallStatus::ALL {
                for step in STEPS {
                    let from = v(stage, call);
                    let expected = legal
                        .iter()
                        .find(|(f, s, _)| *f == from && *s == step)
                        .map(|(_, _, to)| *to);
                    match (apply(from, step), expected) {
                        (Ok(to), Some(want)) => {
                            assert_eq!(to, want, "{from:?} {step:?}");
                            seen.insert((from.stage, from.call, format!("{step:?}")));
                        }
                        (Err(e), None) => {
                            assert_eq!(e, StageError { from, step });
                            assert!(e.to_string().contains(stage.as_str()), "{e}");
                        }
                        (got, want) => panic!("{from:?} {step:?}: got {got:?}, want {want:?}"),
                    }
                }
            }
        }
        assert_eq!(seen.len(), legal.len(), "every listed move was tried");
    }

    #[test]
    fn whole_visits_through_each_kind_of_shop() {
        let walk = |steps: &[Step]| {
            steps
                .iter()
                .try_fold(Visit::SCHEDULED, |v, s| apply(v, *s))
                .unwrap()
        };
        let with_intake = [
            Step::Arrive,
            Step::Queue { intake: true },
            Step::StartIntake,
            Step::FinishIntake,
            Step::StartExam,
            Step::Discharge,
            Step::StartDischarge,
            Step::Complete,
            Step::SignOff,
        ];
        assert_eq!(walk(&with_intake), v(Stage::SignOff, CallStatus::Complete));
        // A shop without intake: today's single queue.
        let without = [
            Step::Arrive,
            Step::Queue { intake: false },
            Step::StartExam,
            Step::Complete,
        ];
        assert_eq!(walk(&without), v(Stage::Completed, CallStatus::Complete));
        // A doctor cannot take a patient still waiting for intake.
        let waiting_for_intake = walk(&[Step::Arrive, Step::Queue { intake: true }]);
        assert!(apply(waiting_for_intake, Step::StartExam).is_err());
    }

    #[test]
    fn seed_000_statuses_map_onto_the_stages() {
        use QueueStatus as Q;
        let expected = [
            (Stage::Scheduled, None),
            (Stage::Arrived, Some(Q::Waiting)),
            (Stage::IntakeReady, Some(Q::Waiting)),
            (Stage::IntakeProgress, Some(Q::Allocated)),
            (Stage::ExamReady, Some(Q::Waiting)),
            (Stage::ExamProgress, Some(Q::Allocated)),
            (Stage::DischargeReady, Some(Q::Allocated)),
            (Stage::DischargeProgress, Some(Q::Allocated)),
            (Stage::Completed, Some(Q::Completed)),
            (Stage::SignOff, Some(Q::Completed)),
            (Stage::Cancelled, Some(Q::Cancelled)),
            (Stage::NotShowedUp, Some(Q::Cancelled)),
        ];
        for (stage, status) in expected {
            assert_eq!(stage.queue_status(), status, "{stage:?}");
        }
    }

    #[test]
    fn names_are_seed_002s_and_round_trip() {
        for st in Stage::ALL {
            assert_eq!(Stage::parse(st.as_str()), Some(st));
            assert_eq!(
                serde_json::to_value(st).unwrap(),
                serde_json::json!(st.as_str())
            );
        }
        for c in CallStatus::ALL {
            assert_eq!(CallStatus::parse(c.as_str()), Some(c));
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::json!(c.as_str())
            );
        }
        assert_eq!(Stage::IntakeReady.as_str(), "in progress.intake.ready");
        assert_eq!(CallStatus::Lwbs.as_str(), "LWBS");
        assert_eq!(Stage::parse("In Progress"), None);
    }

    #[test]
    fn positions_per_queue_by_the_time_each_joined_it() {
        let shop = ShopUid::new(&[1; 16]);
        let t0 = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
        let q = |n: u8, stage, minutes| Queued {
            queue_uid: QueueUid::new(&shop, &[n; 16]),
            stage,
            since: t0 + Duration::minutes(minutes),
            seq: i64::from(n),
        };
        let uid = |n: u8| QueueUid::new(&shop, &[n; 16]);
        let at = |queue, position| Some(Place { queue, position });
        let entries = vec![
            q(1, Stage::IntakeReady, 0),
            q(2, Stage::IntakeProgress, 1),
            q(3, Stage::IntakeReady, 2),
            q(4, Stage::ExamReady, 3),
            q(5, Stage::ExamReady, 1),
            q(6, Stage::ExamProgress, 0),
            // Same millisecond as 4: registration order decides.
            q(7, Stage::ExamReady, 3),
        ];
        let places = positions(&entries);
        let pos = |n: u8| places.get(&uid(n)).copied();
        assert_eq!(pos(1), at(Queue::Intake, 1));
        assert_eq!(pos(3), at(Queue::Intake, 2));
        // Number 5 reached the doctors' queue first.
        assert_eq!(pos(5), at(Queue::Exam, 1));
        assert_eq!(pos(4), at(Queue::Exam, 2));
        assert_eq!(pos(7), at(Queue::Exam, 3));
        assert_eq!(pos(2), None, "with the assistant");
        assert_eq!(pos(6), None, "with the doctor");
        assert_eq!(places.len(), 5);
        // Handed on from intake: behind those already waiting for a doctor.
        let mut later = entries.clone();
        later[1] = q(2, Stage::ExamReady, 4);
        let later = positions(&later);
        assert_eq!(later.get(&uid(2)).copied(), at(Queue::Exam, 4));
        assert_eq!(later.get(&uid(4)).copied(), at(Queue::Exam, 2));
        // Every queue's positions are gapless from 1.
        for queue in [Queue::Intake, Queue::Exam] {
            let mut seen: Vec<u32> = later
                .values()
                .filter(|p| p.queue == queue)
                .map(|p| p.position)
                .collect();
            seen.sort();
            assert_eq!(seen, (1..=seen.len() as u32).collect::<Vec<_>>());
        }
    }

    /// One queue, registered a minute apart: positions follow
    /// registration, without gaps, and close up when an entry leaves.
    #[test]
    fn positions_are_gapless_in_registration_order() {
        let shop = ShopUid::new(&[0; 16]);
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
        let q: Vec<Queued> = (1..=5u8)
            .map(|n| Queued {
                queue_uid: QueueUid::new(&shop, &[n; 16]),
                stage: Stage::ExamReady,
                since: t0 + Duration::minutes(i64::from(n)),
                seq: i64::from(n),
            })
            .collect();
        let at = |places: &HashMap<QueueUid, Place>, i: usize| {
            places.get(&q[i].queue_uid).map(|p| p.position)
        };
        let places = positions(&q);
        for i in 0..5 {
            assert_eq!(at(&places, i), Some(i as u32 + 1));
        }
        let mut after_cancel = q.clone();
        after_cancel.remove(1);
        let places = positions(&after_cancel);
        assert_eq!(at(&places, 4), Some(4));
        assert_eq!(at(&places, 1), None);
    }

    #[test]
    fn waiting_for_intake_counts_the_doctors_queue_ahead() {
        let exam = Place {
            queue: Queue::Exam,
            position: 2,
        };
        let intake = Place {
            queue: Queue::Intake,
            position: 2,
        };
        assert_eq!(exam.doctors_position(5), 2);
        assert_eq!(intake.doctors_position(5), 7);
        assert_eq!(intake.doctors_position(u32::MAX), u32::MAX);
    }
}
