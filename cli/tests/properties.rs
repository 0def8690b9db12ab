//! Property tests with the binary as a process: for random inputs, a builder
//! subcommand prints exactly what the core builder returns, and the core
//! parser reads the identities back.

mod common;

use agora_token::builders::{apaas, chat, rtc, rtm, rtm006};
use agora_token::v007::ServiceBody;
use agora_token::{parse, Options, Token};
use proptest::prelude::*;

use common::{assert_clean, last_line, run, stderr, APP_ID, CERT};

/// Argument text: any characters but NUL (argv cannot carry it).
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>().prop_filter("no NUL", |c| *c != '\0'), 0..24)
        .prop_map(|v| v.into_iter().collect())
}

fn cli_build(sub: &str, args: &[String], salt: u32, issue: u32) -> String {
    let mut a: Vec<String> = vec![sub.to_owned()];
    a.extend(args.iter().cloned());
    a.push(format!("--app-id={APP_ID}"));
    a.push(format!("--app-certificate={CERT}"));
    a.push(format!("--salt={salt}"));
    a.push(format!("--issue-ts={issue}"));
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = run(&refs);
    assert_clean(&o, sub);
    assert!(o.status.success(), "{sub}: {}", stderr(&o));
    last_line(&o)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn rtm_007_and_006(user in text(), expire in 0u32..=u32::MAX, salt in any::<u32>(),
                       issue in 0u32..=2_000_000_000) {
        let o = Options::fixed(salt, issue);
        let args = [format!("--user={user}"), format!("--expire={expire}")];
        let t = cli_build("rtm", &args, salt, issue);
        prop_assert_eq!(&t, &rtm::build_token(APP_ID, CERT, &user, expire, &o).unwrap());
        let Ok(Token::V007(p)) = parse(&t) else { panic!("not 007") };
        prop_assert_eq!(&p.services[0].body, &ServiceBody::Rtm { user_id: user.clone().into_bytes() });

        // 006: the expiry is absolute (now + SECS, 0 stays 0); keep it in
        // 32 bits.
        let e6 = expire % 2_000_000_000;
        let a6 = [format!("--user={user}"), format!("--expire={e6}"), "--format=006".into()];
        let t6 = cli_build("rtm", &a6, salt, issue);
        let at = if e6 == 0 { 0 } else { issue + e6 };
        prop_assert_eq!(t6, rtm006::build_token(APP_ID, CERT, &user, at, &o).unwrap());
    }

    #[test]
    fn rtc_uid_and_account(channel in text(), uid in any::<u32>(), account in text(),
                           role in -3i64..5, expire in any::<u32>(), pe in any::<u32>(),
                           salt in any::<u32>(), issue in any::<u32>()) {
        let o = Options::fixed(salt, issue);
        let common = [format!("--channel={channel}"), format!("--role={role}"),
                      format!("--expire={expire}"), format!("--privilege-expire={pe}")];
        let mut a = common.to_vec();
        a.push(format!("--uid={uid}"));
        prop_assert_eq!(
            cli_build("rtc", &a, salt, issue),
            rtc::build_token_with_uid(APP_ID, CERT, &channel, uid, role, expire, pe, &o).unwrap()
        );
        let mut a = common.to_vec();
        a.push(format!("--account={account}"));
        let t = cli_build("rtc", &a, salt, issue);
        prop_assert_eq!(
            &t,
            &rtc::build_token_with_user_account(APP_ID, CERT, &channel, &account, role, expire, pe, &o)
                .unwrap()
        );
        let Ok(Token::V007(p)) = parse(&t) else { panic!("not 007") };
        prop_assert_eq!(&p.services[0].body, &ServiceBody::Rtc {
            channel_name: channel.into_bytes(),
            uid: account.into_bytes(),
        });
    }

    #[test]
    fn chat_and_apaas(user in text(), room in text(), role in any::<i16>(), expire in any::<u32>(),
                      salt in any::<u32>(), issue in any::<u32>()) {
        let o = Options::fixed(salt, issue);
        prop_assert_eq!(
            cli_build("chat-user", &[format!("--user={user}"), format!("--expire={expire}")], salt, issue),
            chat::build_user_token(APP_ID, CERT, &user, expire, &o).unwrap()
        );
        prop_assert_eq!(
            cli_build(
                "apaas-room-user",
                &[format!("--room={room}"), format!("--user={user}"), format!("--role={role}"),
                  format!("--expire={expire}")],
                salt,
                issue
            ),
            apaas::build_room_user_token(APP_ID, CERT, &room, &user, role, expire, &o).unwrap()
        );
    }
}
