//! The quickstart as a new user runs it: the table by default, JSON with
//! `--json`.

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
