//! The editor's settings: `initializationOptions` and `workspace/didChangeConfiguration`.
//!
//! ```json
//! { "copydesk": { "profile": "ap", "date": "2025-11-26", "datePolicy": "document",
//!                 "rules": { "ap.usage.us": "off" } } }
//! ```
//!
//! The object may also come bare, without the `copydesk` key. Values that cannot be read are
//! reported and left at their defaults; they never stop the server.

use copydesk::Level;
use jiff::civil::Date;
use serde_json::Value;

/// Where a story's date comes from when the `date` setting is not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DatePolicy {
    /// Front matter or dateline, then the project's `date`, then today.
    #[default]
    Document,
    /// Today's date: the story's date unless its front matter gives one (a dateline with
    /// another day is reported).
    Today,
}

/// Settings sent by the editor, layered over `copydesk.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientSettings {
    /// The house style for files whose project file names none.
    pub profile: Option<String>,
    /// The story's date, unless its front matter gives one; it wins over a dateline's day.
    pub date: Option<Date>,
    pub date_policy: DatePolicy,
    /// Levels by rule id, id prefix or category, applied over the project's levels.
    pub rules: Vec<(String, Level)>,
    /// The most findings shown for one document (`None`: the default; 0: no limit).
    pub max_findings: Option<usize>,
}

impl ClientSettings {
    /// The settings as a face's choices for the project service: the profile is a standing
    /// default (editors send it whether or not the reporter chose it), so the project file's
    /// profile beats it; the date, the date policy and rule levels beat the project file.
    pub fn face(&self) -> crate::project::FaceChoices {
        crate::project::FaceChoices {
            profile: None,
            default_profile: self.profile.clone(),
            profile_origin: "editor setting `copydesk.profile`".into(),
            date: self.date,
            date_today: self.date_policy == DatePolicy::Today,
            date_origin: if self.date.is_some() {
                "editor setting `copydesk.date`".into()
            } else {
                "editor setting `copydesk.datePolicy`: today".into()
            },
            levels: self.rules.clone(),
            levels_origin: "editor setting `copydesk.rules`".into(),
        }
    }
}

/// The most findings shown for one document unless `maxFindings` says otherwise. A story with
/// more is mostly noise, and every diagnostic costs the editor and the server memory.
pub const DEFAULT_MAX_FINDINGS: usize = 1_000;

impl ClientSettings {
    /// The cap on a document's findings: `None` for no cap.
    pub fn findings_cap(&self) -> Option<usize> {
        match self.max_findings {
            None => Some(DEFAULT_MAX_FINDINGS),
            Some(0) => None,
            Some(n) => Some(n),
        }
    }
}

const KEYS: [&str; 5] = ["profile", "date", "datePolicy", "rules", "maxFindings"];

impl ClientSettings {
    /// Reads a settings value. Returns `None` when the value carries no copydesk settings at
    /// all (null, or an object with none of our keys), and the problems found otherwise.
    pub fn from_json(value: &Value) -> Option<(ClientSettings, Vec<String>)> {
        let obj = match value.get("copydesk") {
            Some(v) => v.as_object()?,
            None => {
                let o = value.as_object()?;
                if !KEYS.iter().any(|k| o.contains_key(*k)) {
                    return None;
                }
                o
            }
        };
        let mut s = ClientSettings::default();
        let mut problems = Vec::new();
        match obj.get("profile") {
            None | Some(Value::Null) => {}
            Some(Value::String(p)) if !p.trim().is_empty() => {
                s.profile = Some(p.trim().to_ascii_lowercase());
            }
            Some(v) => problems.push(format!(
                "editor setting `copydesk.profile`: expected a profile name, got {v}"
            )),
        }
        match obj.get("date") {
            None | Some(Value::Null) => {}
            Some(Value::String(d)) if d.trim().is_empty() => {}
            Some(Value::String(d)) => match d.trim().parse::<Date>() {
                Ok(d) => s.date = Some(d),
                Err(_) => problems.push(format!(
                    "editor setting `copydesk.date`: `{d}` is not a date (YYYY-MM-DD)"
                )),
            },
            Some(v) => problems.push(format!(
                "editor setting `copydesk.date`: expected \"YYYY-MM-DD\" or null, got {v}"
            )),
        }
        match obj.get("datePolicy") {
            None | Some(Value::Null) => {}
            Some(Value::String(p)) if p == "document" => s.date_policy = DatePolicy::Document,
            Some(Value::String(p)) if p == "today" => s.date_policy = DatePolicy::Today,
            Some(v) => problems.push(format!(
                "editor setting `copydesk.datePolicy`: expected \"document\" or \"today\", got {v}"
            )),
        }
        match obj.get("maxFindings") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64() {
                Some(n) => s.max_findings = Some(usize::try_from(n).unwrap_or(usize::MAX)),
                None => problems.push(format!(
                    "editor setting `copydesk.maxFindings`: expected a whole number (0 for no \
                     limit), got {v}"
                )),
            },
        }
        match obj.get("rules") {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => {
                for (id, level) in m {
                    let parsed = level.as_str().and_then(Level::parse);
                    match parsed {
                        Some(l) if !id.trim().is_empty() => {
                            s.rules.push((id.trim().to_string(), l))
                        }
                        _ => problems.push(format!(
                            "editor setting `copydesk.rules`: level {level} for `{id}`: use error, warning, info, hint or off"
                        )),
                    }
                }
            }
            Some(v) => problems.push(format!(
                "editor setting `copydesk.rules`: expected an object of rule levels, got {v}"
            )),
        }
        Some((s, problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_object_under_copydesk_or_bare() {
        let v = json!({"copydesk": {"profile": "Reuters", "date": "2025-11-26",
            "datePolicy": "today", "rules": {"ap.usage.us": "off", "usage": "hint"}}});
        let (s, problems) = ClientSettings::from_json(&v).unwrap();
        assert!(problems.is_empty());
        assert_eq!(s.profile.as_deref(), Some("reuters"));
        assert_eq!(s.date, Some(jiff::civil::date(2025, 11, 26)));
        assert_eq!(s.date_policy, DatePolicy::Today);
        assert_eq!(
            s.rules,
            vec![
                ("ap.usage.us".to_string(), Level::Off),
                ("usage".to_string(), Level::Hint)
            ]
        );
        let bare = ClientSettings::from_json(&json!({"profile": "ap", "date": null})).unwrap();
        assert_eq!(bare.0.profile.as_deref(), Some("ap"));
        assert_eq!(bare.0.date, None);
    }

    #[test]
    fn max_findings_caps_a_document_or_not() {
        let (s, p) = ClientSettings::from_json(&json!({"maxFindings": 50})).unwrap();
        assert!(p.is_empty());
        assert_eq!(s.findings_cap(), Some(50));
        let (s, _) = ClientSettings::from_json(&json!({"maxFindings": 0})).unwrap();
        assert_eq!(s.findings_cap(), None);
        assert_eq!(
            ClientSettings::default().findings_cap(),
            Some(DEFAULT_MAX_FINDINGS)
        );
        let (_, p) = ClientSettings::from_json(&json!({"maxFindings": -1})).unwrap();
        assert_eq!(p.len(), 1, "{p:?}");
    }

    #[test]
    fn bad_values_are_reported_not_fatal() {
        let v = json!({"copydesk": {"date": "26/11/2025", "datePolicy": 3,
            "rules": {"ap.usage.us": "loud"}, "profile": 7}});
        let (s, problems) = ClientSettings::from_json(&v).unwrap();
        assert_eq!(s, ClientSettings::default());
        assert_eq!(
            problems,
            [
                "editor setting `copydesk.profile`: expected a profile name, got 7",
                "editor setting `copydesk.date`: `26/11/2025` is not a date (YYYY-MM-DD)",
                "editor setting `copydesk.datePolicy`: expected \"document\" or \"today\", got 3",
                "editor setting `copydesk.rules`: level \"loud\" for `ap.usage.us`: use error, warning, info, hint or off",
            ]
        );
    }

    #[test]
    fn no_settings_at_all() {
        assert!(ClientSettings::from_json(&Value::Null).is_none());
        assert!(ClientSettings::from_json(&json!({"other": {}})).is_none());
        assert!(ClientSettings::from_json(&json!({"copydesk": null})).is_none());
    }
}
