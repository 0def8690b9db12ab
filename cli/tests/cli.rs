//! The `agora-token` command run as a process: the README command, every
//! builder subcommand against the core builders, inspect, verify, exit codes,
//! bad inputs, and the certificate never being printed.

mod common;

use std::process::Command;

use agora_token::builders::{apaas, chat, convoai, fpa, rtc, rtc006, rtm, rtm006, stt};
use agora_token::v007::Rtm2Permissions;
use agora_token::{parse, verify, Expect, Options, UserId};
use serde_json::Value;

use common::{assert_clean, cli, last_line, run, run_with_input, stderr, stdout, APP_ID, CERT};

const SALT: u32 = 7;
const ISSUE: u32 = 1_700_000_000;

fn opts() -> Options {
    Options::fixed(SALT, ISSUE)
}

/// Runs a builder subcommand with the sample credentials and fixed values.
fn build(args: &[&str]) -> String {
    let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let salt = SALT.to_string();
    let issue = ISSUE.to_string();
    a.extend(
        [
            "--app-id",
            APP_ID,
            "--app-certificate",
            CERT,
            "--salt",
            &salt,
            "--issue-ts",
            &issue,
        ]
        .map(String::from),
    );
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = run(&refs);
    assert_clean(&o, &format!("{args:?}"));
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    last_line(&o)
}

fn subcommands() -> Vec<String> {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    let mut names = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("Commands:") {
            inside = true;
            continue;
        }
        if inside {
            match line.split_whitespace().next() {
                Some(n) if line.starts_with("  ") => names.push(n.to_owned()),
                _ => break,
            }
        }
    }
    assert!(names.len() > 10, "subcommands not found in --help: {text}");
    names
}

#[test]
fn readme_command_builds_a_verifiable_rtm_token() {
    let o = run(&[
        "rtm",
        "--app-id",
        APP_ID,
        "--app-certificate",
        CERT,
        "--user",
        "alice",
    ]);
    assert_clean(&o, "README command");
    assert!(o.status.success(), "{}", stderr(&o));
    let token = last_line(&o);
    assert!(token.starts_with("007"), "{token}");
    let v = verify(
        &token,
        CERT,
        &Expect::user("alice").at(agora_token::now_secs()),
    )
    .expect("the core verifies the README token for alice");
    assert_eq!(v.token.version(), "007");
    assert!(verify(&token, CERT, &Expect::user("bob")).is_err());
}

#[test]
fn every_builder_subcommand_matches_the_core_builder() {
    let o = opts();
    let p = |a: &[&str]| build(a);
    let at = ISSUE + 600;
    let mut perms = Rtm2Permissions::new();
    perms
        .add(0, 0, ["a", "b"])
        .add(4, 1, ["x"])
        .add(2, 1, Vec::<&str>::new());
    let cases: Vec<(Vec<&str>, agora_token::Result<String>)> = vec![
        (
            vec!["rtm", "--user", "alice", "--expire", "600"],
            rtm::build_token(APP_ID, CERT, "alice", 600, &o),
        ),
        (
            vec!["rtm", "--user", "alice"],
            rtm::build_token(APP_ID, CERT, "alice", 3600, &o),
        ),
        (
            vec![
                "rtm", "--format", "006", "--user", "alice", "--expire", "600",
            ],
            rtm006::build_token(APP_ID, CERT, "alice", at, &o),
        ),
        (
            vec!["rtm", "--format", "006", "--user", "alice", "--expire", "0"],
            rtm006::build_token(APP_ID, CERT, "alice", 0, &o),
        ),
        (
            vec![
                "rtc",
                "--channel",
                "room",
                "--uid",
                "42",
                "--role",
                "subscriber",
                "--expire",
                "600",
                "--privilege-expire",
                "300",
            ],
            rtc::build_token_with_uid(APP_ID, CERT, "room", 42, 2, 600, 300, &o),
        ),
        (
            vec![
                "rtc",
                "--channel",
                "room",
                "--account",
                "bob",
                "--expire",
                "600",
            ],
            rtc::build_token_with_user_account(APP_ID, CERT, "room", "bob", 1, 600, 600, &o),
        ),
        (
            vec!["rtc", "--channel", "room", "--uid", "0", "--role", "7"],
            rtc::build_token_with_uid(APP_ID, CERT, "room", 0, 7, 3600, 3600, &o),
        ),
        (
            vec![
                "rtc",
                "--channel",
                "room",
                "--uid",
                "42",
                "--expire",
                "600",
                "--join-expire",
                "100",
                "--data-expire",
                "50",
            ],
            rtc::build_token_with_uid_and_privilege(
                APP_ID, CERT, "room", 42, 600, 100, 600, 600, 50, &o,
            ),
        ),
        (
            vec![
                "rtc",
                "--format",
                "006",
                "--channel",
                "room",
                "--uid",
                "42",
                "--role",
                "admin",
                "--expire",
                "600",
            ],
            rtc006::build_token_with_uid(APP_ID, CERT, "room", 42, 101, at, &o),
        ),
        (
            vec![
                "rtc",
                "--format",
                "006",
                "--channel",
                "room",
                "--account",
                "bob",
                "--role",
                "subscriber",
                "--privilege-expire",
                "600",
            ],
            rtc006::build_token_with_account(APP_ID, CERT, "room", "bob", 2, at, &o),
        ),
        (
            vec![
                "rtc-rtm",
                "--channel",
                "room",
                "--account",
                "bob",
                "--expire",
                "600",
            ],
            rtc::build_token_with_rtm(APP_ID, CERT, "room", "bob", 1, 600, 600, &o),
        ),
        (
            vec![
                "rtc-rtm",
                "--channel",
                "room",
                "--uid",
                "42",
                "--role",
                "subscriber",
                "--privilege-expire",
                "60",
            ],
            rtc::build_token_with_rtm(APP_ID, CERT, "room", "42", 2, 3600, 60, &o),
        ),
        (
            vec![
                "rtc-rtm2",
                "--channel",
                "room",
                "--uid",
                "42",
                "--rtm-user",
                "bob",
                "--expire",
                "600",
                "--rtm-expire",
                "900",
                "--audio-expire",
                "30",
            ],
            rtc::build_token_with_rtm2(
                APP_ID,
                CERT,
                "room",
                UserId::Uid(42),
                1,
                600,
                600,
                30,
                600,
                600,
                "bob",
                900,
                &o,
            ),
        ),
        (
            vec![
                "convoai",
                "--channel",
                "room",
                "--account",
                "agent",
                "--rtm-user",
                "agent",
                "--role",
                "subscriber",
                "--privilege-expire",
                "120",
            ],
            convoai::build_token(
                APP_ID,
                CERT,
                "room",
                UserId::Account(b"agent"),
                2,
                3600,
                120,
                120,
                120,
                120,
                "agent",
                3600,
                &o,
            ),
        ),
        (
            vec![
                "stt",
                "--channel",
                "room",
                "--uid",
                "9",
                "--rtm-user",
                "stt-bot",
                "--join-expire",
                "5",
            ],
            stt::build_token(
                APP_ID,
                CERT,
                "room",
                UserId::Uid(9),
                1,
                3600,
                5,
                3600,
                3600,
                3600,
                "stt-bot",
                3600,
                &o,
            ),
        ),
        (
            vec![
                "rtm2",
                "--user",
                "u",
                "--permission",
                "message:read:a,b",
                "--permission",
                "user:write:x",
                "--permission",
                "2:1:",
                "--expire",
                "600",
            ],
            rtm::build_token_with_permissions(APP_ID, CERT, "u", &perms, 600, &o),
        ),
        (
            vec!["chat-user", "--user", "u", "--expire", "600"],
            chat::build_user_token(APP_ID, CERT, "u", 600, &o),
        ),
        (
            vec!["chat-app", "--expire", "600"],
            chat::build_app_token(APP_ID, CERT, 600, &o),
        ),
        (vec!["fpa"], fpa::build_token(APP_ID, CERT, &o)),
        (
            vec![
                "apaas-room-user",
                "--room",
                "r1",
                "--user",
                "u1",
                "--role",
                "2",
            ],
            apaas::build_room_user_token(APP_ID, CERT, "r1", "u1", 2, 3600, &o),
        ),
        (
            vec![
                "education-room-user",
                "--room",
                "r1",
                "--user",
                "u1",
                "--role",
                "-1",
            ],
            apaas::build_room_user_token(APP_ID, CERT, "r1", "u1", -1, 3600, &o),
        ),
        (
            vec!["apaas-user", "--user", "u1", "--expire", "60"],
            apaas::build_user_token(APP_ID, CERT, "u1", 60, &o),
        ),
        (
            vec!["education-user", "--user", "u1", "--expire", "60"],
            apaas::build_user_token(APP_ID, CERT, "u1", 60, &o),
        ),
        (
            vec!["apaas-app", "--expire", "60"],
            apaas::build_app_token(APP_ID, CERT, 60, &o),
        ),
        (
            vec!["education-app", "--expire", "60"],
            apaas::build_app_token(APP_ID, CERT, 60, &o),
        ),
    ];
    let mut covered = std::collections::BTreeSet::new();
    for (args, want) in cases {
        covered.insert(args[0]);
        assert_eq!(p(&args), want.unwrap(), "{args:?}");
    }
    for sub in subcommands() {
        if !["inspect", "verify", "batch", "help"].contains(&sub.as_str()) {
            assert!(covered.contains(sub.as_str()), "{sub} has no test case");
        }
    }
}

#[test]
fn credentials_from_the_environment() {
    let mut c = cli();
    c.args([
        "rtm",
        "--user",
        "alice",
        "--salt",
        "7",
        "--issue-ts",
        "1700000000",
    ])
    .env("AGORA_APP_ID", APP_ID)
    .env("AGORA_APP_CERTIFICATE", CERT);
    let o = c.output().unwrap();
    assert_clean(&o, "env build");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        last_line(&o),
        rtm::build_token(APP_ID, CERT, "alice", 3600, &opts()).unwrap()
    );

    // verify takes the certificate from the environment too.
    let token = last_line(&o);
    let mut c = cli();
    c.args(["verify", &token, "--user", "alice", "--now", "1700000001"])
        .env("AGORA_APP_CERTIFICATE", CERT);
    let o = c.output().unwrap();
    assert_clean(&o, "env verify");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Nothing given anywhere: a usage error naming both ways.
    let o = run(&["rtm", "--user", "alice"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("AGORA_APP_ID"), "{}", stderr(&o));
    let o = run(&["rtm", "--user", "alice", "--app-id", APP_ID]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("AGORA_APP_CERTIFICATE"),
        "{}",
        stderr(&o)
    );
}

/// UTC text from GNU date, an independent implementation.
fn gnu_date(ts: u64) -> String {
    let o = Command::new("date")
        .args(["-u", "-d", &format!("@{ts}"), "+%Y-%m-%dT%H:%M:%SZ"])
        .output()
        .expect("run date");
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap().trim().to_owned()
}

fn inspect_json(extra: &[&str]) -> Value {
    let mut args = vec!["inspect", "--json"];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_clean(&o, "inspect");
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&last_line(&o)).expect("inspect --json prints JSON")
}

fn diag_codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn core_diag_codes(token: &str, now: u64) -> Vec<String> {
    agora_token::inspect::diagnostics(&parse(token).unwrap(), now)
        .into_iter()
        .map(|d| d.code.to_owned())
        .collect()
}

#[test]
fn inspect_json_fields_007() {
    let token = rtm::build_token(APP_ID, CERT, "alice", 600, &opts()).unwrap();
    let now = (ISSUE + 100) as u64;
    let now_s = now.to_string();
    let v = inspect_json(&[&token, "--now", &now_s, "--app-certificate", CERT]);
    assert_eq!(v["format"], "007");
    assert_eq!(v["app_id"], APP_ID);
    assert_eq!(
        v["decoded"],
        agora_token::json::decoded(&parse(&token).unwrap())
    );
    assert_eq!(v["issued_at"], ISSUE);
    assert_eq!(v["expires_at"], ISSUE + 600);
    assert_eq!(v["expires_in"], 500);
    assert_eq!(v["expired"], false);
    assert_eq!(v["signature_valid"], true);
    assert_eq!(v["issued_at_utc"], gnu_date(ISSUE as u64));
    assert_eq!(v["expires_at_utc"], gnu_date((ISSUE + 600) as u64));
    assert_eq!(v["services"][0]["name"], "rtm");
    assert_eq!(v["services"][0]["privileges"][0]["name"], "login");
    assert_eq!(diag_codes(&v), core_diag_codes(&token, now));

    // Later: expired, and the diagnostics say so as the core does.
    let later = (ISSUE + 700).to_string();
    let v = inspect_json(&[&token, "--now", &later]);
    assert_eq!(v["expired"], true);
    assert!(
        v.get("signature_valid").is_none(),
        "no certificate, no verdict"
    );
    assert_eq!(v["signature_checked"], false);
    assert_eq!(diag_codes(&v), core_diag_codes(&token, ISSUE as u64 + 700));
    assert!(diag_codes(&v).contains(&"expired".to_owned()));

    // Another well-formed certificate: invalid; a malformed one: rejected.
    let other = "0123456789abcdef0123456789abcdef";
    let v = inspect_json(&[&token, "--app-certificate", other]);
    assert_eq!(v["signature_valid"], false);
    assert_eq!(v["certificate_rejected"], false);
    let v = inspect_json(&[&token, "--app-certificate", "nothex"]);
    assert_eq!(v["signature_valid"], false);
    assert_eq!(v["certificate_rejected"], true);

    // A Unix time passed as a lifetime: the core's diagnostic shows up.
    let odd = rtm::build_token(APP_ID, CERT, "alice", 1_800_000_000, &opts()).unwrap();
    let v = inspect_json(&[&odd, "--now", &now_s]);
    assert_eq!(diag_codes(&v), core_diag_codes(&odd, now));
    assert!(!diag_codes(&v).is_empty());

    // The token from stdin.
    let mut c = cli();
    c.args(["inspect", "--json", "-", "--now", &now_s]);
    let o = run_with_input(c, format!("{token}\n").into_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let from_stdin: Value = serde_json::from_str(&last_line(&o)).unwrap();
    assert_eq!(from_stdin, inspect_json(&[&token, "--now", &now_s]));
}

#[test]
fn inspect_utc_matches_gnu_date() {
    for (issue, expire) in [
        (0u32, 1u32),
        (951_782_400, 86_399), // 2000-02-29
        (4_107_542_399, 1),    // 2100-02-28T23:59:59, 2100 is not a leap year
        (u32::MAX, u32::MAX),
    ] {
        let token = rtm::build_token(APP_ID, CERT, "u", expire, &Options::fixed(1, issue)).unwrap();
        let v = inspect_json(&[&token, "--now", "0"]);
        assert_eq!(v["issued_at_utc"], gnu_date(issue as u64), "{issue}");
        let end = issue as u64 + expire as u64;
        assert_eq!(v["expires_at_utc"], gnu_date(end), "{issue}+{expire}");
    }
}

#[test]
fn inspect_006_signature_needs_the_signed_strings() {
    let token = rtm006::build_token(APP_ID, CERT, "alice", ISSUE + 600, &opts()).unwrap();
    let v = inspect_json(&[&token, "--app-certificate", CERT, "--user", "alice"]);
    assert_eq!(v["format"], "006");
    assert_eq!(
        v["decoded"],
        agora_token::json::decoded(&parse(&token).unwrap())
    );
    assert_eq!(v["signature_valid"], true);
    assert_eq!(v["crc_match"], true);
    assert_eq!(v["privileges"][0]["name"], "rtm_login");
    assert_eq!(v["expires_at"], ISSUE + 86_400);

    let v = inspect_json(&[&token, "--app-certificate", CERT, "--user", "bob"]);
    assert_eq!(v["signature_valid"], false);
    assert_eq!(v["crc_channel_matches"], false);
    assert_eq!(v["crc_uid_matches"], true);

    let v = inspect_json(&[&token, "--app-certificate", CERT]);
    assert_eq!(v["signature_checked"], false);
    assert!(v.get("signature_valid").is_none());

    let rtc =
        rtc006::build_token_with_uid(APP_ID, CERT, "room", 42, 1, ISSUE + 600, &opts()).unwrap();
    let v = inspect_json(&[
        &rtc,
        "--app-certificate",
        CERT,
        "--channel",
        "room",
        "--uid",
        "42",
    ]);
    assert_eq!(v["signature_valid"], true);
    let v = inspect_json(&[
        &rtc,
        "--app-certificate",
        CERT,
        "--channel",
        "room1",
        "--account",
        "2",
    ]);
    assert_eq!(v["signature_valid"], false);

    // Text mode works too and names the privileges.
    let o = run(&[
        "inspect",
        &rtc,
        "--app-certificate",
        CERT,
        "--channel",
        "room",
        "--uid",
        "42",
    ]);
    assert_clean(&o, "inspect text");
    assert!(o.status.success());
    assert!(stdout(&o).contains("join_channel"), "{}", stdout(&o));
}

fn verify_code(args: &[&str]) -> (Option<i32>, String) {
    let mut a = vec!["verify"];
    a.extend_from_slice(args);
    let o = run(&a);
    assert_clean(&o, &format!("verify {args:?}"));
    (o.status.code(), stderr(&o))
}

#[test]
fn verify_exit_codes() {
    let now = (ISSUE + 10).to_string();
    let t = rtm::build_token(APP_ID, CERT, "alice", 600, &opts()).unwrap();
    let base = |extra: &[&'static str]| -> Vec<String> {
        let mut v: Vec<String> = vec![t.clone(), "--now".into(), now.clone()];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let call = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        verify_code(&refs)
    };
    assert_eq!(
        call(base(&["--app-certificate", CERT, "--user", "alice"])).0,
        Some(0)
    );
    assert_eq!(call(base(&["--app-certificate", CERT])).0, Some(0));

    let (c, e) = call(base(&["--app-certificate", CERT, "--user", "bob"]));
    assert_eq!(c, Some(1));
    assert!(e.contains("identity_mismatch"), "{e}");
    let (c, e) = call(base(&[
        "--app-certificate",
        "0123456789abcdef0123456789abcdef",
    ]));
    assert_eq!(c, Some(1));
    assert!(e.contains("signature_mismatch"), "{e}");
    let (c, e) = call(base(&["--app-certificate", "short"]));
    assert_eq!(c, Some(1));
    assert!(e.contains("certificate_rejected"), "{e}");
    let far = (ISSUE + 601).to_string();
    let (c, e) = verify_code(&[&t, "--app-certificate", CERT, "--now", &far]);
    assert_eq!(c, Some(1));
    assert!(e.contains("expired"), "{e}");

    // A malformed token: the parser's code.
    let bad = format!("{t}=");
    let want = parse(&bad).unwrap_err().code().as_str();
    let (c, e) = verify_code(&[&bad, "--app-certificate", CERT]);
    assert_eq!(c, Some(1));
    assert!(e.contains(want), "{e}");

    // Usage errors: 2.
    assert_eq!(verify_code(&[&t]).0, Some(2), "no certificate");
    assert_eq!(
        verify_code(&[&t, "--app-certificate", CERT, "--bogus"]).0,
        Some(2)
    );
    assert_eq!(
        verify_code(&[&t, "--app-certificate", CERT, "--uid", "3"]).0,
        Some(2)
    );
    assert_eq!(
        verify_code(&[
            &t,
            "--app-certificate",
            CERT,
            "--channel",
            "c",
            "--uid",
            "4294967296"
        ])
        .0,
        Some(2)
    );

    // 006 RTC: channel and uid are part of what is signed.
    let rtc = rtc006::build_token_with_uid(APP_ID, CERT, "room", 42, 1, 0, &opts()).unwrap();
    let ok = verify_code(&[
        &rtc,
        "--app-certificate",
        CERT,
        "--channel",
        "room",
        "--uid",
        "42",
        "--now",
        &now,
    ]);
    assert_eq!(ok.0, Some(0), "{}", ok.1);
    let (c, e) = verify_code(&[
        &rtc,
        "--app-certificate",
        CERT,
        "--channel",
        "room",
        "--uid",
        "43",
        "--now",
        &now,
    ]);
    assert_eq!(c, Some(1));
    assert!(e.contains("crc_mismatch"), "{e}");
    let (c, e) = verify_code(&[&rtc, "--app-certificate", CERT, "--now", &now]);
    assert_eq!(c, Some(2), "a 006 token without its channel and uid: {e}");
    // stdin
    let mut cmd = cli();
    cmd.args([
        "verify",
        "-",
        "--app-certificate",
        CERT,
        "--channel",
        "room",
        "--uid",
        "42",
        "--now",
        &now,
    ]);
    let o = run_with_input(cmd, format!("  {rtc}\r\n").into_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn bad_inputs_fail_with_the_core_code() {
    let long = "c".repeat(65_536);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "rtm",
                "--user",
                "a",
                "--app-id",
                "970CA35de60c44645bbae8a215061b3",
            ],
            "invalid_app_id",
        ),
        (
            vec![
                "rtm",
                "--user",
                "a",
                "--app-id",
                "970CA35de60c44645bbae8a215061bzz",
            ],
            "invalid_app_id",
        ),
        (
            vec!["rtc", "--channel", "c", "--uid", "4294967296"],
            "value_out_of_range",
        ),
        (
            vec!["rtc", "--channel", "c", "--uid", "-1"],
            "value_out_of_range",
        ),
        (
            vec!["rtm", "--user", "a", "--expire", "-1"],
            "value_out_of_range",
        ),
        (
            vec![
                "rtm",
                "--user",
                "a",
                "--expire",
                "99999999999999999999999999999999999999999999",
            ],
            "value_out_of_range",
        ),
        (
            vec!["rtm", "--user", "a", "--expire", "1.5"],
            "invalid_argument",
        ),
        (
            vec!["rtc", "--channel", &long, "--uid", "1"],
            "value_too_long",
        ),
        (vec!["rtm", "--user", &long], "value_too_long"),
        (
            vec![
                "apaas-room-user",
                "--room",
                "r",
                "--user",
                "u",
                "--role",
                "32768",
            ],
            "value_out_of_range",
        ),
        (
            vec!["rtm2", "--user", "u", "--permission", "message:70000:a"],
            "value_out_of_range",
        ),
        (
            vec!["rtm2", "--user", "u", "--permission", "nonsense"],
            "invalid_argument",
        ),
        (
            vec!["rtc", "--channel", "c", "--uid", "1", "--role", "boss"],
            "invalid_argument",
        ),
        (
            vec![
                "rtm",
                "--format",
                "006",
                "--user",
                "a",
                "--expire",
                "4294967295",
            ],
            "value_out_of_range",
        ),
    ];
    for (args, code) in cases {
        let mut a: Vec<&str> = args.clone();
        if !a.contains(&"--app-id") {
            a.extend(["--app-id", APP_ID]);
        }
        a.extend(["--app-certificate", CERT]);
        let o = run(&a);
        let shown: Vec<&str> = args
            .iter()
            .map(|s| if s.len() > 40 { "<long>" } else { s })
            .collect();
        assert_clean(&o, &format!("{shown:?}"));
        assert!(!o.status.success(), "{shown:?} should fail");
        assert!(o.stdout.is_empty(), "{shown:?}: no token on failure");
        assert!(
            stderr(&o).contains(code),
            "{shown:?}: want {code}: {}",
            stderr(&o)
        );
    }
    // A bad certificate: named, never shown.
    let bad_cert = format!("{CERT}0");
    let o = run(&[
        "rtm",
        "--user",
        "a",
        "--app-id",
        APP_ID,
        "--app-certificate",
        &bad_cert,
    ]);
    assert_clean(&o, "bad certificate");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("invalid_app_certificate"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--app-certificate"), "{}", stderr(&o));
}

#[test]
fn certificate_never_printed() {
    // --help of every subcommand, with the certificate in the environment.
    for sub in subcommands() {
        let help: [&str; 2] = if sub == "help" {
            ["help", "help"]
        } else {
            [sub.as_str(), "--help"]
        };
        let mut c = cli();
        c.args(help)
            .env("AGORA_APP_CERTIFICATE", CERT)
            .env("AGORA_APP_ID", APP_ID);
        let o = c.output().unwrap();
        assert_clean(&o, &format!("{sub} --help"));
        assert!(o.status.success(), "{sub} --help");
    }
    let t = rtm::build_token(APP_ID, CERT, "alice", 600, &opts()).unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["help", "rtc"],
        vec!["rtm", "--app-id", APP_ID, "--app-certificate", CERT],
        vec!["rtm", CERT],
        vec![
            "rtm",
            "--user",
            "a",
            "--app-id",
            APP_ID,
            "--app-certificate",
            CERT,
            CERT,
        ],
        vec![
            "rtm",
            "--user",
            "a",
            "--app-id",
            "bad",
            "--app-certificate",
            CERT,
        ],
        vec![
            "rtm",
            "--user",
            "a",
            "--app-id",
            APP_ID,
            "--app-certificate",
            CERT,
            "--app-certificate",
            CERT,
        ],
        vec![
            "rtc",
            "--channel",
            "c",
            "--app-id",
            APP_ID,
            "--app-certificate",
            CERT,
        ],
        vec![
            "rtc",
            "--channel",
            "c",
            "--uid",
            "x",
            "--app-id",
            APP_ID,
            "--app-certificate",
            CERT,
        ],
        vec!["inspect", &t, "--app-certificate", CERT],
        vec!["inspect", &t, "--app-certificate", CERT, "--json"],
        vec!["inspect", "garbage", "--app-certificate", CERT],
        vec!["verify", &t, "--app-certificate", CERT, "--user", "bob"],
        vec!["verify", "007", "--app-certificate", CERT],
        vec!["nonsense", CERT],
        vec![CERT],
    ];
    for args in runs {
        let o = run(&args);
        assert_clean(&o, &format!("{args:?}"));
        let mut c = cli();
        c.args(&args).env("AGORA_APP_CERTIFICATE", CERT);
        let o = c.output().unwrap();
        assert_clean(&o, &format!("{args:?} with env"));
    }
    let mut c = cli();
    c.arg("batch");
    let input = format!(
        "{{\"op\":\"verify\",\"token\":\"{t}\",\"certificate\":\"{CERT}\"}}\n\
         {{\"op\":\"verify\",\"token\":\"bad\",\"certificate\":\"{CERT}\"}}\n\
         {{\"op\":\"build\",\"call\":\"FpaTokenBuilder.buildToken\",\"inputs\":{{\"app_id\":\"x\",\"app_certificate\":\"{CERT}\"}}}}\n\
         {{\"op\":\"build\",\"call\":\"FpaTokenBuilder.buildToken\",\"inputs\":{{\"app_id\":\"{APP_ID}\",\"app_certificate\":\"{CERT}x\"}}}}\n\
         {{\"op\":\"verify\",\"token\":\"{t}\",\"certificate\":\"{CERT}\",\"bogus\":1}}\n"
    );
    let o = run_with_input(c, input.into_bytes());
    assert_clean(&o, "batch");
}

#[test]
fn builds_warn_about_likely_mistakes_on_stderr() {
    let creds = ["--app-id", APP_ID, "--app-certificate", CERT];
    // A 007 lifetime of 0: the token has expired when it is issued.
    let mut a = vec!["rtm", "--user", "a", "--expire", "0"];
    a.extend(creds);
    let o = run(&a);
    assert!(o.status.success());
    assert!(stderr(&o).contains("warning: expired:"), "{}", stderr(&o));
    assert!(parse(last_line(&o)).is_ok());
    // An absolute timestamp given as a 007 lifetime.
    let mut a = vec!["rtm", "--user", "a", "--expire", "1800000000"];
    a.extend(creds);
    let o = run(&a);
    assert!(
        stderr(&o).contains("warning: absolute_time_as_lifetime:"),
        "{}",
        stderr(&o)
    );
    // A sensible token: nothing on stderr.
    let mut a = vec!["rtm", "--user", "a", "--expire", "3600"];
    a.extend(creds);
    let o = run(&a);
    assert_eq!(stderr(&o), "", "no warnings for a clean token");
}

#[test]
fn value_errors_start_with_the_code() {
    let o = run(&[
        "rtc",
        "--app-id",
        APP_ID,
        "--app-certificate",
        CERT,
        "--channel",
        "c",
        "--uid",
        "1",
        "--role",
        "xyz",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: invalid_argument: --role: "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn batch_rtm_build_requires_expire() {
    let line = format!(
        r#"{{"op":"build","call":"RtmTokenBuilder2.buildToken","inputs":{{"app_id":"{APP_ID}","app_certificate":"{CERT}","user_id":"a"}}}}"#
    );
    let mut cmd = cli();
    cmd.arg("batch");
    let o = run_with_input(cmd, format!("{line}\n").into_bytes());
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["code"], "invalid_argument");
    assert!(v["error"]["message"].as_str().unwrap().contains("expire"));
}
