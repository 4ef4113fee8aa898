//! The one scripted HTTP server of the tests (core's downloads, the CLI's proxy, the app's
//! download command): a listener on 127.0.0.1 that answers each connection with the next
//! scripted reply (the last repeats) and records the request lines it saw. Included by each
//! test binary with `#[path]`, so there is one copy of it.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does for one request.
#[derive(Clone)]
pub enum Reply {
    /// Status, extra headers, body.
    Full(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// Claim a length, send part of the body, hang up.
    DropAfter(usize, Vec<u8>),
    /// Send headers, then wait before the body.
    Slow(Duration, Vec<u8>),
    /// 304 when the request carries this ETag, else the full body with it.
    Conditional(String, Vec<u8>),
    /// Send the body one byte at a time, this long apart.
    Trickle(Duration, Vec<u8>),
}

/// A running server.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The request lines seen (e.g. `GET /file.csv HTTP/1.1`).
    pub seen: Arc<Mutex<Vec<String>>>,
}

/// Serve the replies in order (the last one repeats), one per connection, for up to 20.
pub fn serve(replies: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate().take(20) {
            let Ok(stream) = stream else { break };
            let reply = replies[n.min(replies.len() - 1)].clone();
            answer(stream, reply, &log);
        }
    });
    Server { base, seen }
}

fn answer(mut stream: TcpStream, reply: Reply, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        request.push(line.trim_end().to_string());
    }
    log.lock().unwrap().push(request.first().cloned().unwrap_or_default());
    let head = |status: u16, len: usize, extra: &[(&str, String)]| {
        let mut h = format!("HTTP/1.1 {status} X\r\nContent-Length: {len}\r\nConnection: close\r\n");
        for (k, v) in extra {
            h += &format!("{k}: {v}\r\n");
        }
        h + "\r\n"
    };
    let _ = match reply {
        Reply::Full(status, headers, body) => stream
            .write_all(head(status, body.len(), &headers).as_bytes())
            .and_then(|_| stream.write_all(&body)),
        Reply::DropAfter(claimed, part) => stream
            .write_all(head(200, claimed, &[]).as_bytes())
            .and_then(|_| stream.write_all(&part)),
        Reply::Slow(wait, body) => {
            let _ = stream.write_all(head(200, body.len(), &[]).as_bytes());
            std::thread::sleep(wait);
            stream.write_all(&body)
        }
        Reply::Trickle(gap, body) => {
            let mut sent = stream.write_all(head(200, body.len(), &[]).as_bytes());
            for b in body {
                if sent.is_err() {
                    break;
                }
                std::thread::sleep(gap);
                sent = stream.write_all(&[b]).and_then(|_| stream.flush());
            }
            sent
        }
        Reply::Conditional(etag, body) => {
            let matches = request
                .iter()
                .any(|l| l.to_ascii_lowercase().starts_with("if-none-match:") && l.contains(&etag));
            if matches {
                stream.write_all(head(304, 0, &[("ETag", etag)]).as_bytes())
            } else {
                stream
                    .write_all(head(200, body.len(), &[("ETag", etag)]).as_bytes())
                    .and_then(|_| stream.write_all(&body))
            }
        }
    };
}
