//! The hot paths allocate only what they hand back: a build, its token
//! string; a parse + verify, the buffers the returned token owns. Counted by
//! a global allocator that counts this thread's allocations (the first
//! call of each kind warms the per-thread buffers and is not counted).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use agora_token::builders::{apaas, chat, convoai, fpa, rtc, rtc006, rtm, rtm006, stt};
use agora_token::v007::{Rtm2Permissions, ServiceBody};
use agora_token::{verify, Expect, Options, Token, UserId};

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

// SAFETY: forwards every call to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Allocations of the second of two calls of `f`, and its result.
fn counted<R>(f: impl Fn() -> R) -> (R, usize) {
    drop(f());
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (r, ALLOCATIONS.with(Cell::get) - before)
}

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

/// The RTC token the tests build: publisher, uid 2882341273, 1 h.
fn rtc_uid(channel: &str, o: &Options) -> agora_token::Result<String> {
    rtc::build_token_with_uid(APP_ID, CERT, channel, 2_882_341_273, 1, 3600, 3600, o)
}

#[test]
fn builds_allocate_only_the_token_string() {
    let o = Options::fixed(12_345_678, 1_790_000_000);
    let hex_channel = "7d72365eb983485397e3e3f9d460bdda";
    let user = UserId::Account(b"bob");
    let mut permissions = Rtm2Permissions::new();
    permissions
        .add(2, 1, ["group-1", "group-2"])
        .add(0, 0, ["channel"])
        .add(2, 1, ["group-3"]);
    type Build<'a> = Box<dyn Fn() -> agora_token::Result<String> + 'a>;
    let builds: Vec<(&str, Build)> = vec![
        (
            "007 rtm",
            Box::new(|| rtm::build_token(APP_ID, CERT, "alice", 3600, &o)),
        ),
        ("007 rtc uid", Box::new(|| rtc_uid("test-channel-0042", &o))),
        // This payload needs zlib's exact Huffman trees for its block decision.
        (
            "007 rtc 32-hex channel",
            Box::new(|| rtc_uid(hex_channel, &o)),
        ),
        (
            "007 rtc account",
            Box::new(|| {
                rtc::build_token_with_user_account(APP_ID, CERT, "room", "bob", 2, 3600, 3600, &o)
            }),
        ),
        (
            "007 rtc per-privilege",
            Box::new(|| {
                rtc::build_token_with_uid_and_privilege(
                    APP_ID, CERT, "room", 7, 3600, 100, 200, 300, 400, &o,
                )
            }),
        ),
        (
            "007 rtc + rtm",
            Box::new(|| rtc::build_token_with_rtm(APP_ID, CERT, "room", "bob", 1, 3600, 3600, &o)),
        ),
        (
            "007 rtc + rtm2",
            Box::new(|| {
                rtc::build_token_with_rtm2(
                    APP_ID, CERT, "room", user, 1, 3600, 1, 2, 3, 4, "bob", 600, &o,
                )
            }),
        ),
        (
            "007 convoai",
            Box::new(|| {
                convoai::build_token(
                    APP_ID, CERT, "room", user, 1, 3600, 1, 2, 3, 4, "bob", 600, &o,
                )
            }),
        ),
        (
            "007 stt",
            Box::new(|| {
                stt::build_token(
                    APP_ID, CERT, "room", user, 1, 3600, 1, 2, 3, 4, "bob", 600, &o,
                )
            }),
        ),
        (
            "007 chat user",
            Box::new(|| chat::build_user_token(APP_ID, CERT, "bob", 600, &o)),
        ),
        (
            "007 chat app",
            Box::new(|| chat::build_app_token(APP_ID, CERT, 600, &o)),
        ),
        ("007 fpa", Box::new(|| fpa::build_token(APP_ID, CERT, &o))),
        (
            "007 rtm2 permissions",
            Box::new(|| {
                rtm::build_token_with_permissions(APP_ID, CERT, "bob", &permissions, 600, &o)
            }),
        ),
        (
            "007 apaas room user",
            Box::new(|| apaas::build_room_user_token(APP_ID, CERT, "room", "bob", 1, 600, &o)),
        ),
        (
            "007 apaas user",
            Box::new(|| apaas::build_user_token(APP_ID, CERT, "bob", 600, &o)),
        ),
        (
            "007 apaas app",
            Box::new(|| apaas::build_app_token(APP_ID, CERT, 600, &o)),
        ),
        (
            "006 rtm",
            Box::new(|| rtm006::build_token(APP_ID, CERT, "alice", 1_800_000_000, &o)),
        ),
        (
            "006 rtc uid",
            Box::new(|| {
                rtc006::build_token_with_uid(APP_ID, CERT, "room", 7, 1, 1_800_000_000, &o)
            }),
        ),
        (
            "006 rtc account",
            Box::new(|| {
                rtc006::build_token_with_account(APP_ID, CERT, "room", "bob", 2, 1_800_000_000, &o)
            }),
        ),
    ];
    for (name, build) in &builds {
        let (token, n) = counted(build);
        assert!(token.is_ok(), "{name}");
        assert_eq!(n, 1, "{name}: {n} allocations");
    }
}

/// The heap buffers a parsed 007 token owns: the payload, the signature
/// and app id, the service list, and each service's non-empty privilege
/// list and byte strings.
fn owned_buffers(t: &Token) -> usize {
    let Token::V007(t) = t else {
        panic!("007 expected")
    };
    let some = |v: &[u8]| !v.is_empty() as usize;
    let mut n = 3 + !t.services.is_empty() as usize;
    for s in &t.services {
        n += !s.privileges.is_empty() as usize;
        n += match &s.body {
            ServiceBody::Rtc { channel_name, uid } => some(channel_name) + some(uid),
            ServiceBody::Rtm { user_id } | ServiceBody::Chat { user_id } => some(user_id),
            other => panic!("not used here: {other:?}"),
        };
    }
    n
}

#[test]
fn parse_and_verify_allocate_only_what_the_token_owns() {
    let o = Options::fixed(12_345_678, 1_790_000_000);
    let cases = [
        (
            rtm::build_token(APP_ID, CERT, "alice", 3600, &o).unwrap(),
            Expect::user("alice"),
        ),
        (
            rtc_uid("test-channel-0042", &o).unwrap(),
            Expect::rtc("test-channel-0042", "2882341273"),
        ),
        (
            rtc::build_token_with_rtm(APP_ID, CERT, "room", "bob", 1, 3600, 3600, &o).unwrap(),
            Expect::user("bob"),
        ),
        (
            rtc::build_token_with_uid(APP_ID, CERT, "room", 0, 2, 3600, 3600, &o).unwrap(),
            Expect::rtc("room", ""),
        ),
    ];
    for (token, expect) in &cases {
        let (v, n) = counted(|| verify(token, CERT, expect).unwrap());
        assert_eq!(n, owned_buffers(&v.token), "{token}");
    }
}
