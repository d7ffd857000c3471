//! The quickstart as a new user runs it: two SQLite databases created,
//! verified and printed by default, JSON with `--json`.

use std::process::Command;

fn quickstart(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_quickstart"))
        .args(args)
        .output()
        .expect("the quickstart binary runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn prints_every_metadata_as_a_table() {
    let text = quickstart(&[]);
    assert!(text.contains("metadata `platform` (2 tables)\n"), "{text}");
    assert!(text.contains("metadata `user_data` (3 tables)\n"), "{text}");
    assert!(
        text.contains("  intent_feedback  customer_id*, message_id*, feedback_text, note?  "),
        "{text}"
    );
}

#[test]
fn creates_both_databases_verifies_them_and_catches_a_dropped_table() {
    let text = quickstart(&[]);
    for line in [
        "metadata `platform` (SQLite): created 2 tables: `oauth2_tokens`, `oauth_token_monitoring_tasks`\n",
        "metadata `user_data` (SQLite): created 3 tables: `customers`, `intent_feedback`, `oauth2_tokens`\n",
        "metadata `user_data` (SQLite): every table already exists, nothing to create\n",
        "ok: the database of metadata `platform` (SQLite) matches its 2 tables\n",
        "ok: the database of metadata `user_data` (SQLite) matches its 3 tables\n",
        "error: table `intent_feedback` of metadata `user_data` does not exist in the database\n  \
         --> example_user_data_models::IntentFeedback (example-user-data-models 0.1.0, \
         examples/user-data-models/src/lib.rs:28:12)\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

#[test]
fn prints_the_registry_as_json_on_request() {
    let json: serde_json::Value = serde_json::from_str(&quickstart(&["--json"])).unwrap();
    let metadata = json["metadata"].as_array().unwrap();
    let summary: Vec<(&str, usize)> = metadata
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap(),
                m["tables"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(summary, [("default", 0), ("platform", 2), ("user_data", 3)]);
    let feedback = metadata[2]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|table| table["name"] == "intent_feedback")
        .unwrap();
    let columns = &feedback["columns"];
    assert_eq!(columns[2]["name"], "feedback_text");
    assert_eq!(columns[2]["field"], "text");
}
