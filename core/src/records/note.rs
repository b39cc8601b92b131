//! Visit notes (seed 002): the organisation's note templates, a flow of
//! sections and their questions, and a visit's answers to one template.
//!
//! A note is replaced whole, guarded by its version: the reader gets the
//! version as an `ETag` and sends it back as `If-Match`, and a write made
//! against a version that is no longer current is refused (412), so two
//! clinicians editing at once never silently lose one's answers.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::WireError;

/// The most sections a template has, questions a section has, and answers
/// a note holds.
pub const SECTIONS_MAX: usize = 50;
pub const QUESTIONS_MAX: usize = 100;
pub const ANSWERS_MAX: usize = 500;
/// The most values one answer holds, and the longest value.
pub const RESPONSES_MAX: usize = 50;
pub const RESPONSE_MAX: usize = 5000;
/// The longest section name or question.
pub const TEXT_MAX: usize = 500;
/// The longest comment.
pub const COMMENT_MAX: usize = 5000;

/// A template's flow: seed 002's `flow.sections`, each with its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub name: String,
    pub questions: Vec<String>,
}

/// One answer: the question's path (`[section, question]`, seed 002's
/// `question`) and its values (`response`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: Vec<String>,
    pub response: Vec<String>,
}

fn text(field: &'static str, v: Option<&Value>, what: &str) -> Result<String, WireError> {
    match v.and_then(Value::as_str).map(str::trim) {
        Some(s)
            if !s.is_empty()
                && s.chars().count() <= TEXT_MAX
                && !s.chars().any(char::is_control) =>
        {
            Ok(s.to_owned())
        }
        _ => Err(WireError::Invalid {
            field,
            problem: format!("{what} must be text of 1 to {TEXT_MAX} characters"),
        }),
    }
}

impl Flow {
    /// `flow` as a request gives it: sections with unique names, each with
    /// unique questions.
    pub fn parse(v: Option<&Value>) -> Result<Flow, WireError> {
        let bad = |problem: String| WireError::Invalid {
            field: "flow",
            problem,
        };
        let sections = v
            .and_then(|f| f.get("sections"))
            .and_then(Value::as_array)
            .ok_or_else(|| bad("must be an object with a `sections` array".into()))?;
        if sections.is_empty() || sections.len() > SECTIONS_MAX {
            return Err(bad(format!("must have 1 to {SECTIONS_MAX} sections")));
        }
        let mut out: Vec<Section> = Vec::with_capacity(sections.len());
        for (i, s) in sections.iter().enumerate() {
            let name = text("flow", s.get("name"), &format!("sections[{i}].name"))?;
            let questions = s
                .get("questions")
                .and_then(Value::as_array)
                .filter(|q| !q.is_empty() && q.len() <= QUESTIONS_MAX)
                .ok_or_else(|| {
                    bad(format!(
                        "sections[{i}].questions must list 1 to {QUESTIONS_MAX} questions"
                    ))
                })?;
            // A question written twice is one question: an answer names it
            // by its text.
            let mut qs: Vec<String> = Vec::with_capacity(questions.len());
            for (j, q) in questions.iter().enumerate() {
                let q = text("flow", Some(q), &format!("sections[{i}].questions[{j}]"))?;
                if !qs.contains(&q) {
                    qs.push(q);
                }
            }
            out.push(Section {
                name,
                questions: qs,
            });
        }
        Ok(Flow { sections: out })
    }

    /// Whether some section of this name asks the question (two sections
    /// may share a name; an answer names the question, not the section's
    /// place).
    fn asks(&self, section: &str, question: &str) -> bool {
        self.sections
            .iter()
            .any(|s| s.name == section && s.questions.iter().any(|q| q == question))
    }

    /// `answers` as a request gives them, each to a question of this flow,
    /// at most one answer per question.
    pub fn answers(&self, v: Option<&Value>) -> Result<Vec<Answer>, WireError> {
        let bad = |problem: String| WireError::Invalid {
            field: "answers",
            problem,
        };
        let items = v
            .and_then(Value::as_array)
            .filter(|a| a.len() <= ANSWERS_MAX)
            .ok_or_else(|| bad(format!("must be an array of at most {ANSWERS_MAX} answers")))?;
        let mut out: Vec<Answer> = Vec::with_capacity(items.len());
        for (i, a) in items.iter().enumerate() {
            let path: Vec<&str> = a
                .get("question")
                .and_then(Value::as_array)
                .map(|p| p.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let [section, question] = path[..] else {
                return Err(bad(format!("[{i}].question must be [section, question]")));
            };
            if !self.asks(section, question) {
                return Err(bad(format!(
                    "[{i}].question is not a question of the note's template"
                )));
            }
            if out.iter().any(|o| o.question == [section, question]) {
                return Err(bad(format!("[{i}].question is answered twice")));
            }
            let response = a
                .get("response")
                .and_then(Value::as_array)
                .filter(|r| r.len() <= RESPONSES_MAX)
                .and_then(|r| {
                    r.iter()
                        .map(|x| x.as_str().filter(|s| s.chars().count() <= RESPONSE_MAX).map(str::to_owned))
                        .collect::<Option<Vec<String>>>()
                })
                .ok_or_else(|| {
                    bad(format!(
                        "[{i}].response must list at most {RESPONSES_MAX} texts of at most {RESPONSE_MAX} characters"
                    ))
                })?;
            out.push(Answer {
                question: vec![section.to_owned(), question.to_owned()],
                response,
            });
        }
        Ok(out)
    }
}

/// A note's version as an entity tag.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// The version an `If-Match` header names, if it names exactly one of
/// ours (a weak tag counts: the note is replaced whole either way).
pub fn if_match(header: &str) -> Option<i64> {
    let tag = header.trim();
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    let n = tag.strip_prefix("\"v")?.strip_suffix('"')?;
    if n.is_empty() || n.len() > 15 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

    use super::*;
    use crate::api_doc::schema::text;

    impl JsonSchema for Flow {
        fn schema_name() -> Cow<'static, str> {
            "NoteFlow".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            let question = text(
                TEXT_MAX,
                "A question. Trimmed; 1 to 500 characters, no control characters.",
            );
            let name = text(
                TEXT_MAX,
                "The section's name. Trimmed; 1 to 500 characters, no control characters.",
            );
            json_schema!({
                "type": "object",
                "description": "Seed 002's `flow`: sections, each with its questions.",
                "required": ["sections"],
                "properties": {
                    "sections": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": SECTIONS_MAX,
                        "items": {
                            "type": "object",
                            "required": ["name", "questions"],
                            "properties": {
                                "name": name,
                                "questions": {
                                    "type": "array",
                                    "minItems": 1,
                                    "maxItems": QUESTIONS_MAX,
                                                                        "items": question,
                                },
                            },
                        },
                    },
                },
            })
        }
    }

    impl JsonSchema for Answer {
        fn schema_name() -> Cow<'static, str> {
            "NoteAnswer".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "object",
                "description": "An answer: the question's path and its values.",
                "required": ["question", "response"],
                "properties": {
                    "question": {
                        "type": "array",
                        "description": "`[section, question]`, naming a question of the note's template.",
                        "minItems": 2,
                        "maxItems": 2,
                        "items": { "type": "string" },
                    },
                    "response": {
                        "type": "array",
                        "maxItems": RESPONSES_MAX,
                        "items": { "type": "string", "maxLength": RESPONSE_MAX },
                    },
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn flow() -> Flow {
        Flow::parse(Some(&json!({ "sections": [
            { "name": "History", "questions": ["Onset", "Allergies"] },
            { "name": "Exam", "questions": ["Gait"] }
        ] })))
        .unwrap()
    }

    #[test]
    fn flows_need_named_sections_with_questions() {
        assert_eq!(flow().sections[0].questions, vec!["Onset", "Allergies"]);
        let twice = Flow::parse(Some(
            &json!({ "sections": [{ "name": "A", "questions": ["a", " a "] }] }),
        ));
        assert_eq!(twice.unwrap().sections[0].questions, vec!["a"]);
        for bad in [
            json!(null),
            json!({ "sections": [] }),
            json!({ "sections": [{ "name": "", "questions": ["a"] }] }),
            json!({ "sections": [{ "name": "A", "questions": [] }] }),
            json!({ "sections": [{ "name": "A", "questions": [7] }] }),
        ] {
            let err = Flow::parse(Some(&bad)).unwrap_err();
            assert_eq!(err.field(), Some("flow"), "{bad}");
        }
    }

    #[test]
    fn answers_must_name_questions_of_the_template_once() {
        let f = flow();
        let ok = f
            .answers(Some(&json!([
                { "question": ["History", "Onset"], "response": ["yesterday"] },
                { "question": ["Exam", "Gait"], "response": [] }
            ])))
            .unwrap();
        assert_eq!(ok.len(), 2);
        for bad in [
            json!({}),
            json!([{ "question": ["History"], "response": [] }]),
            json!([{ "question": ["Exam", "Onset"], "response": [] }]),
            json!([{ "question": ["Exam", "Gait"], "response": [1] }]),
            json!([{ "question": ["Exam", "Gait"], "response": [] }, { "question": ["Exam", "Gait"], "response": [] }]),
        ] {
            assert_eq!(
                f.answers(Some(&bad)).unwrap_err().field(),
                Some("answers"),
                "{bad}"
            );
        }
    }

    #[test]
    fn etags_round_trip_and_strangers_are_refused() {
        for v in [0, 1, 42, 1_000_000] {
            assert_eq!(if_match(&etag(v)), Some(v));
            assert_eq!(if_match(&format!("W/{}", etag(v))), Some(v));
        }
        for bad in [
            "*",
            "v1",
            "\"1\"",
            "\"v\"",
            "\"v-1\"",
            "\"v1\", \"v2\"",
            "\"v99999999999999999\"",
        ] {
            assert_eq!(if_match(bad), None, "{bad}");
        }
    }
}
