//! Property tests: build -> parse round trips for random inputs of every
//! builder, verification with the right and a wrong certificate, and parsing
//! arbitrary bytes without panicking.

use agora_token::builders::{apaas, chat, convoai, fpa, rtc, rtc006, rtm, rtm006, stt};
use agora_token::v007::{service_type as st, Rtm2Permissions, ServiceBody, Token007};
use agora_token::{parse, uid_text, Options, Token, UserId};
use proptest::prelude::*;

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";
const OTHER: &str = "C0FFEE00DEADBEEF0123456789ABCDEF";

fn t7(token: &str) -> Token007 {
    match parse(token).unwrap() {
        Token::V007(t) => t,
        Token::V006(_) => panic!("expected 007"),
    }
}

fn assert_verifies(t: &Token007) {
    assert!(t.verify(CERT).signature_valid);
    assert!(!t.verify(OTHER).signature_valid);
    assert_eq!(t.trailing_payload_bytes, Some(0));
    assert_eq!(t.service_count as usize, t.services.len());
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_-]{0,40}",
        "\\PC{0,20}", // any printable unicode
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rtc_uid_round_trip(channel in text(), uid in any::<u32>(), role in -3i64..5,
                          te in any::<u32>(), pe in any::<u32>(), salt in any::<u32>(), ts in any::<u32>()) {
        let tok = rtc::build_token_with_uid(APP_ID, CERT, &channel, uid, role, te, pe, &Options::fixed(salt, ts)).unwrap();
        let t = t7(&tok);
        assert_verifies(&t);
        prop_assert_eq!((t.issue_ts, t.expire, t.salt), (ts, te, salt));
        prop_assert_eq!(t.services.len(), 1);
        let s = &t.services[0];
        let want_uid = uid_text(uid).into_bytes();
        prop_assert_eq!(&s.body, &ServiceBody::Rtc { channel_name: channel.into_bytes(), uid: want_uid });
        let n = if role == 1 { 4 } else { 1 };
        prop_assert_eq!(s.privileges.clone(), (1..=n).map(|i| (i as u16, pe)).collect::<Vec<_>>());
    }

    #[test]
    fn rtc_rtm2_and_convoai_stt(channel in text(), account in text(), user in text(), role in 0i64..3,
                                 times in proptest::array::uniform6(any::<u32>()), which in 0u8..3) {
        let [te, j, a, v, d, rte] = times;
        let opts = Options::fixed(7, 1_700_000_000);
        let acct = UserId::Account(account.as_bytes());
        let tok = match which {
            0 => rtc::build_token_with_rtm2(APP_ID, CERT, &channel, acct, role, te, j, a, v, d, &user, rte, &opts),
            1 => convoai::build_token(APP_ID, CERT, &channel, acct, role, te, j, a, v, d, &user, rte, &opts),
            _ => stt::build_token(APP_ID, CERT, &channel, acct, role, te, j, a, v, d, &user, rte, &opts),
        }.unwrap();
        let t = t7(&tok);
        assert_verifies(&t);
        let types: Vec<u16> = t.services.iter().map(|s| s.service_type()).collect();
        let mut want = vec![st::RTC, st::RTM];
        if which == 1 { want.push(st::CONVOAI) }
        if which == 2 { want.push(st::STT) }
        prop_assert_eq!(types, want);
        prop_assert_eq!(t.services[1].privilege(1), Some(rte));
        prop_assert_eq!(t.services[0].privilege(1), Some(j));
        prop_assert_eq!(t.services[0].privilege(4), if role == 1 { Some(d) } else { None });
        if which > 0 {
            prop_assert!(t.services[2].privileges.is_empty());
        }
    }

    #[test]
    fn rtm_chat_apaas_fpa(user in text(), room in text(), role in any::<i16>(), expire in any::<u32>()) {
        let opts = Options::fixed(99_999_999, 1);
        for tok in [
            rtm::build_token(APP_ID, CERT, &user, expire, &opts).unwrap(),
            chat::build_user_token(APP_ID, CERT, &user, expire, &opts).unwrap(),
            chat::build_app_token(APP_ID, CERT, expire, &opts).unwrap(),
            apaas::build_room_user_token(APP_ID, CERT, &room, &user, role, expire, &opts).unwrap(),
            apaas::build_user_token(APP_ID, CERT, &user, expire, &opts).unwrap(),
            apaas::build_app_token(APP_ID, CERT, expire, &opts).unwrap(),
            fpa::build_token(APP_ID, CERT, &opts).unwrap(),
        ] {
            let t = t7(&tok);
            assert_verifies(&t);
        }
        let t = t7(&apaas::build_room_user_token(APP_ID, CERT, &room, &user, role, expire, &opts).unwrap());
        prop_assert_eq!(t.services.len(), 3);
        prop_assert_eq!(&t.services[1].body, &ServiceBody::Chat { user_id: agora_token::md5_hex(user.as_bytes()).into_bytes() });
        prop_assert_eq!(&t.services[2].body, &ServiceBody::Apaas { room_uuid: room.into_bytes(), user_uuid: user.into_bytes(), role });
    }

    #[test]
    fn rtm2_permissions(user in text(),
                        entries in proptest::collection::vec((0u16..6, 0u16..3, proptest::collection::vec(text(), 0..4)), 0..6)) {
        let mut p = Rtm2Permissions::new();
        for (rt, pt, res) in &entries {
            p.add(*rt, *pt, res);
        }
        let tok = rtm::build_token_with_permissions(APP_ID, CERT, &user, &p, 600, &Options::fixed(1, 2)).unwrap();
        let t = t7(&tok);
        assert_verifies(&t);
        let ServiceBody::Rtm2 { permissions, .. } = &t.services[0].body else { panic!() };
        // Sorted by (resource, permission), last list of a repeated pair wins.
        prop_assert_eq!(permissions.clone(), p.entries());
        let keys: Vec<(u16, u16)> = permissions.iter().map(|e| (e.resource_type, e.permission_type)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(keys, sorted);
    }

    #[test]
    fn v006_round_trip(channel in text(), uid in any::<u32>(), role in -1i64..200, exp in any::<u32>(),
                       salt in any::<u32>(), now in 0u32..4_000_000_000) {
        let opts = Options::fixed(salt, now);
        let tok = rtc006::build_token_with_uid(APP_ID, CERT, &channel, uid, role, exp, &opts).unwrap();
        let Token::V006(t) = parse(&tok).unwrap() else { panic!() };
        let uid_s = uid_text(uid);
        let v = t.verify(CERT, &channel, &uid_s);
        prop_assert!(v.is_valid());
        prop_assert!(!t.verify(OTHER, &channel, &uid_s).signature_valid);
        prop_assert_eq!((t.salt, t.ts), (salt, now + 86400));
        let n = if matches!(role, 0 | 1 | 101) { 4 } else { 1 };
        prop_assert_eq!(t.privileges.len(), n);
        let rtm_tok = rtm006::build_token(APP_ID, CERT, &channel, exp, &opts).unwrap();
        let Token::V006(r) = parse(&rtm_tok).unwrap() else { panic!() };
        prop_assert!(r.verify(CERT, &channel, "").is_valid());
        prop_assert_eq!(r.privileges.clone(), vec![(1000, exp)]);
    }

    #[test]
    fn decoded_text_is_the_values_text(
        ty in 0u16..13,
        a in proptest::collection::vec(any::<u8>(), 0..12),
        b in proptest::collection::vec(any::<u8>(), 0..12),
        role in any::<i16>(),
        resources in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..6), 0..3),
        privileges in proptest::collection::vec((any::<u16>(), any::<u32>()), 0..4),
        second in any::<bool>(),
        app_id_bytes in proptest::collection::vec(any::<u8>(), 32),
    ) {
        // Every service type (unknown ones too), byte strings that may not
        // be UTF-8 (written as `_hex` members), and 006 app ids that may
        // not be: the text written straight from the token must be the
        // text of its `Value`, whose maps sort their keys.
        use agora_token::json::{decoded, decoded_text};
        use agora_token::v007::{AccessToken2, Rtm2Permission, Service};
        let body = match ty {
            1 => ServiceBody::Rtc { channel_name: a.clone(), uid: b.clone() },
            2 => ServiceBody::Rtm { user_id: a.clone() },
            3 => ServiceBody::Streaming { channel_name: a.clone(), account: b.clone() },
            4 => ServiceBody::Fpa,
            5 => ServiceBody::Chat { user_id: a.clone() },
            6 => ServiceBody::Fcdn { channel_name: a.clone(), account: b.clone() },
            7 => ServiceBody::Apaas { room_uuid: a.clone(), user_uuid: b.clone(), role },
            8 => ServiceBody::Rtm2 {
                user_id: a.clone(),
                permissions: vec![Rtm2Permission { resource_type: 1, permission_type: 2, resources }],
            },
            9 => ServiceBody::ConvoAi,
            10 => ServiceBody::Stt,
            n => ServiceBody::Other(n + 1000 * (n == 0) as u16),
        };
        let mut t = AccessToken2::new(APP_ID, CERT, 1_700_000_000, 600, 7);
        let mut s = Service::new(body);
        for &(id, v) in &privileges {
            s = s.with_privilege(id, v);
        }
        t.add_service(s);
        if second {
            t.add_service(Service::rtm(&b).with_privilege(1, 5));
        }
        let p = parse(t.build().unwrap()).unwrap();
        prop_assert_eq!(decoded_text(&p), decoded(&p).to_string());
        let tok006 = rtc006::build_token_with_account(APP_ID, CERT, &a, &b, 1, 9, &Options::fixed(1, 2)).unwrap();
        let mut raw = tok006.into_bytes();
        raw[3..35].copy_from_slice(&app_id_bytes);
        let p = parse(&raw).unwrap();
        prop_assert_eq!(decoded_text(&p), decoded(&p).to_string());
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        let _ = parse(&s);
        let _ = parse(format!("007{s}"));
        let _ = parse(format!("006{APP_ID}{s}"));
    }

    #[test]
    fn arbitrary_base64_payloads_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        use base64::Engine;
        let b = base64::engine::general_purpose::STANDARD;
        let _ = parse(format!("006{APP_ID}{}", b.encode(&bytes)));
        let _ = parse(format!("007{}", b.encode(&bytes)));
        let _ = Token007::from_payload(bytes.clone());
        // Valid zlib around random bytes: the payload parser must cope.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &bytes).unwrap();
        let _ = parse(format!("007{}", b.encode(z.finish().unwrap())));
    }

    #[test]
    fn corrupting_a_token_never_verifies(pos in any::<prop::sample::Index>(), bit in 0u8..8) {
        let tok = rtm::build_token(APP_ID, CERT, "alice", 600, &Options::fixed(5, 1_700_000_000)).unwrap();
        let t = t7(&tok);
        let mut payload = t.payload.clone();
        let i = pos.index(payload.len());
        payload[i] ^= 1 << bit;
        if let Ok(t2) = Token007::from_payload(payload) {
            prop_assert!(!t2.verify(CERT).signature_valid);
        }
    }
}
