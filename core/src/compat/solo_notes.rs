//! Seed 002's visit note: the note's template with its questions, the
//! comments and the answers, and an update that answers questions by id.
//! Frontdesk names a question by its text within its section; seed 002 by
//! an id, so each question's id is derived from its section and text
//! ([`question_id`]): stable while the template keeps the question.

use chrono::DateTime;
use data_encoding::HEXLOWER;
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::solo::SoloError;
use crate::records::note::Flow;
use crate::view::records::VisitNote;

/// `q_` and 24 hex digits of SHA-256(section, a line feed, question).
pub fn question_id(section: &str, question: &str) -> String {
    let mut h = Sha256::new();
    h.update(section.as_bytes());
    h.update(b"\n");
    h.update(question.as_bytes());
    let digest = HEXLOWER.encode(&h.finalize());
    format!("q_{}", &digest[..24])
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteOut {
    /// The note's template.
    pub id: String,
    pub template: TemplateOut,
    pub comments: Vec<CommentOut>,
    pub responses: Vec<ResponseOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TemplateOut {
    pub name: String,
    pub flow: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentOut {
    pub id: String,
    pub template_id: String,
    pub message: String,
    /// Unix seconds.
    pub posted_at: i64,
    pub author: AuthorOut,
}

/// Frontdesk knows a comment's author by label (an API key or a staff
/// user), not by seed 002's integer id, which is `null`.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorOut {
    pub id: Option<i64>,
    pub username: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseOut {
    pub question: Vec<String>,
    pub response: Vec<String>,
}

/// A note as seed 002's one-element list; `[]` while it has no template.
pub fn note_out(note: VisitNote) -> Vec<NoteOut> {
    let Some(template) = note.template else {
        return Vec::new();
    };
    let id = template.template_uid.as_str().to_owned();
    let sections: Vec<Value> = template
        .flow
        .sections
        .iter()
        .map(|s| {
            let questions: Vec<Value> = s
                .questions
                .iter()
                .map(|q| json!({ "id": question_id(&s.name, q), "text": q }))
                .collect();
            json!({ "name": s.name, "questions": questions })
        })
        .collect();
    let comments = note
        .comments
        .into_iter()
        .map(|c| {
            let posted_at = DateTime::parse_from_rfc3339(&c.posted_at)
                .map(|t| t.timestamp())
                .unwrap_or_default();
            CommentOut {
                id: question_id(&c.posted_at, &c.message).replacen("q_", "c_", 1),
                template_id: id.clone(),
                message: c.message,
                posted_at,
                author: AuthorOut {
                    id: None,
                    username: c.author,
                },
            }
        })
        .collect();
    let responses = note
        .answers
        .into_iter()
        .map(|a| ResponseOut {
            question: a.question,
            response: a.response,
        })
        .collect();
    vec![NoteOut {
        id,
        template: TemplateOut {
            name: template.name,
            flow: json!({ "sections": sections }),
        },
        comments,
        responses,
    }]
}

fn bad(field: &str, problem: &str) -> SoloError {
    SoloError {
        field: field.to_owned(),
        problem: problem.to_owned(),
    }
}

/// Seed 002's update: the template by `name` and answers by question id.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteUpdate {
    pub name: String,
    pub questions: Vec<(String, Value)>,
}

pub fn note_update(body: Value) -> Result<NoteUpdate, SoloError> {
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| bad("name", "This value should not be blank."))?
        .trim()
        .to_owned();
    let items = match body.get("questions") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) if items.len() <= 200 => items.clone(),
        Some(_) => {
            return Err(bad(
                "questions",
                "This value should be a list of at most 200 answers.",
            ))
        }
    };
    let mut questions = Vec::with_capacity(items.len());
    for q in items {
        let id = q
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("questions", "Each answer needs the question's id."))?;
        let value = q.get("value").cloned().unwrap_or(Value::Array(Vec::new()));
        questions.push((id.to_owned(), value));
    }
    Ok(NoteUpdate { name, questions })
}

/// The update's answers in Frontdesk's form (`[{question: [section,
/// question], response}]`), each id found in the template's flow.
pub fn answers(flow: &Flow, update: &NoteUpdate) -> Result<Value, SoloError> {
    let mut out = Vec::with_capacity(update.questions.len());
    for (id, value) in &update.questions {
        let found = flow.sections.iter().find_map(|s| {
            s.questions
                .iter()
                .find(|q| question_id(&s.name, q) == *id)
                .map(|q| (s.name.clone(), q.clone()))
        });
        let Some((section, question)) = found else {
            return Err(bad(
                "questions",
                "A question id is not one of the template's.",
            ));
        };
        out.push(json!({ "question": [section, question], "response": value }));
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::note::Section;

    #[test]
    fn ids_are_stable_and_updates_map_to_frontdesk_answers() {
        let flow = Flow {
            sections: vec![Section {
                name: "History".into(),
                questions: vec!["Onset".into(), "Allergies".into()],
            }],
        };
        let id = question_id("History", "Onset");
        assert_eq!(id, question_id("History", "Onset"));
        assert_ne!(id, question_id("History", "Allergies"));
        assert_eq!(id.len(), 26);
        let u = note_update(json!({"name": "T", "questions": [{"id": id, "value": ["sudden"]}]}))
            .unwrap();
        assert_eq!(
            answers(&flow, &u).unwrap(),
            json!([{"question": ["History", "Onset"], "response": ["sudden"]}])
        );
        let unknown =
            note_update(json!({"name": "T", "questions": [{"id": "q_x", "value": []}]})).unwrap();
        assert_eq!(answers(&flow, &unknown).unwrap_err().field, "questions");
        assert_eq!(
            note_update(json!({"questions": []})).unwrap_err().field,
            "name"
        );
        assert_eq!(
            note_update(json!({"name": "T", "questions": [{}]}))
                .unwrap_err()
                .field,
            "questions"
        );
    }
}
