//! Re-signing a hand-edited dataset, and refusing a broken one.

use tradedef::data::import::rehash;
use tradedef::data::load_file;
use tradedef_tests::scratch::Scratch;

use super::*;

#[test]
fn rehash_signs_a_hand_edit_and_refuses_a_broken_one() -> anyhow::Result<()> {
    let s = Scratch::new("rehash");
    let data = s.copy_data("data", &[JAPAN_ID], true);
    let csv = data.join(format!("{JAPAN_ID}.csv"));
    let text = std::fs::read_to_string(&csv)?;
    let edited = text.replacen("-64448.0,", "-64448.1,", 1);
    assert_ne!(edited, text);
    std::fs::write(&csv, &edited)?;
    assert!(
        load_file(&csv)
            .unwrap_err()
            .to_string()
            .contains("checksum mismatch")
    );
    let sha = rehash(&data, JAPAN_ID)?;
    assert_eq!(load_file(&csv)?.meta().sha256, sha);
    let sidecar = std::fs::read_to_string(data.join(format!("{JAPAN_ID}.toml")))?;
    assert!(sidecar.starts_with("# US goods trade with Japan"));

    std::fs::write(&csv, edited.replacen("-64448.1,", "-64000.0,", 1))?;
    let msg = rehash(&data, JAPAN_ID).unwrap_err().to_string();
    assert!(
        msg.contains("balance is not exports minus imports"),
        "{msg}"
    );
    assert!(
        std::fs::read_to_string(data.join(format!("{JAPAN_ID}.toml")))?.contains(&sha),
        "sidecar unchanged"
    );
    Ok(())
}
