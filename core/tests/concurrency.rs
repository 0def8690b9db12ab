//! Tokens built concurrently: from two threads at once, with the clock and
//! the salt left to the library, every token verifies, and the two threads
//! draw independent salts (a per-thread generator seeded the same way in
//! both would repeat the other thread's sequence).
//!
//! The single-thread salt test is `salts_are_random_per_token` in claims.rs.

use std::collections::HashMap;
use std::sync::Barrier;

use agora_token::builders::{rtc, rtc006, rtm, rtm006};
use agora_token::{parse, verify, Expect, Options, Token, UserId};

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

/// What one token was built for, to verify it afterwards.
struct Built {
    token: String,
    channel: String,
    uid: String,
    user: String,
    /// Built for a user (RTM) rather than a channel and uid.
    rtm: bool,
}

fn build_many(thread: usize, n: usize, opts: &Options) -> Vec<Built> {
    (0..n)
        .map(|i| {
            let channel = format!("room-{thread}-{i}");
            let user = format!("user-{thread}-{i}");
            let uid = (1000 + i as u32).to_string();
            let token = match i % 4 {
                0 => rtc::build_token_with_user(
                    APP_ID,
                    CERT,
                    &channel,
                    UserId::Uid(1000 + i as u32),
                    1,
                    600,
                    600,
                    opts,
                ),
                1 => rtm::build_token(APP_ID, CERT, &user, 600, opts),
                2 => rtc006::build_token_with_user(
                    APP_ID,
                    CERT,
                    &channel,
                    UserId::Uid(1000 + i as u32),
                    1,
                    0,
                    opts,
                ),
                _ => rtm006::build_token(APP_ID, CERT, &user, 0, opts),
            }
            .unwrap();
            Built {
                token,
                channel,
                uid,
                user,
                rtm: i % 2 == 1,
            }
        })
        .collect()
}

fn check(b: &Built) {
    let expect = if b.rtm {
        Expect::user(&b.user)
    } else {
        Expect::rtc(&b.channel, &b.uid)
    };
    verify(&b.token, CERT, &expect).unwrap_or_else(|e| panic!("{}: {e}", b.token));
}

fn salt_of(token: &str) -> u32 {
    match parse(token).unwrap() {
        Token::V007(t) => t.salt,
        Token::V006(t) => t.salt,
    }
}

#[test]
fn two_threads_build_tokens_that_all_verify() {
    let barrier = Barrier::new(2);
    let built: Vec<Vec<Built>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|t| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    build_many(t, 2_000, &Options::default())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // Verified on another thread than the one that built them.
    std::thread::scope(|s| {
        for list in built.iter().rev() {
            s.spawn(move || list.iter().for_each(check));
        }
    });
    assert_eq!(built.iter().map(Vec::len).sum::<usize>(), 4_000);
}

#[test]
fn concurrent_salts_are_independent() {
    // 10^4 tokens, all with the same issue time, from two threads at once.
    let opts = Options {
        salt: None,
        issue_ts: Some(1_700_000_000),
    };
    let barrier = Barrier::new(2);
    let salts: Vec<u32> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let barrier = &barrier;
                let opts = &opts;
                s.spawn(move || {
                    barrier.wait();
                    (0..5_000)
                        .map(|_| salt_of(&rtm::build_token(APP_ID, CERT, "a", 600, opts).unwrap()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let mut seen: HashMap<u32, u32> = HashMap::new();
    for &s in &salts {
        assert!((1..=99_999_999).contains(&s));
        *seen.entry(s).or_default() += 1;
    }
    let duplicates = salts.len() - seen.len();
    // 10^4 uniform draws from 99 999 999 values: the number of repeated
    // draws is close to Poisson with mean n^2 / 2N = 0.5; P(more than 6) is
    // about 1e-6. Two threads sharing one sequence would repeat 5 000.
    println!(
        "{} salts, {duplicates} duplicates (about 0.5 expected)",
        salts.len()
    );
    assert!(
        duplicates <= 6,
        "{duplicates} duplicate salts in 10^4 tokens"
    );
}
