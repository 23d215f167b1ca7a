//! `peyvand health`: a readiness probe for container health checks and monitors — asks a
//! running server's `/health/ready` over HTTP and exits 0 only on a 200 answer.

use super::exit::fail;
use std::process::ExitCode;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The largest answer read from the server (the readiness body is a few short lines).
const MAX_ANSWER: usize = 16 * 1024;

/// The URL probed when none is given: the local server on `ROCKET_PORT` (default 8000).
pub(super) fn default_url() -> String {
    let port = std::env::var("ROCKET_PORT").unwrap_or_else(|_| "8000".into());
    format!("http://127.0.0.1:{port}/health/ready")
}

/// Probes `url` (plain `http://`; a health check runs beside the server, before any TLS
/// proxy) within `timeout`: exit 0 on 200, 1 when the server is not ready or cannot be
/// reached, 2 for an unusable URL.
pub(super) async fn probe(url: &str, timeout: Duration) -> ExitCode {
    let parsed = match url::Url::parse(url) {
        Ok(u) if u.scheme() == "http" && u.host_str().is_some() => u,
        _ => return fail(2, format!("not an http:// address: {url}")),
    };
    match tokio::time::timeout(timeout, get(&parsed)).await {
        Ok(Ok((200, _))) => {
            println!("ready");
            ExitCode::SUCCESS
        }
        Ok(Ok((status, body))) => fail(1, format!("not ready (HTTP {status}): {}", body.trim())),
        Ok(Err(e)) => fail(1, format!("cannot reach {url}: {e}")),
        Err(_) => fail(1, format!("no answer from {url} within {timeout:?}")),
    }
}

/// One `GET` over a fresh connection; the status code and the body as text.
async fn get(url: &url::Url) -> std::io::Result<(u16, String)> {
    let host = url.host_str().unwrap_or("127.0.0.1");
    let port = url.port_or_known_default().unwrap_or(80);
    let mut stream = tokio::net::TcpStream::connect((host, port)).await?;
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nUser-Agent: peyvand-health\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    (&mut stream)
        .take(MAX_ANSWER as u64)
        .read_to_end(&mut answer)
        .await?;
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut response = httparse::Response::new(&mut headers);
    match response.parse(&answer) {
        Ok(httparse::Status::Complete(at)) => Ok((
            response.code.unwrap_or(0),
            String::from_utf8_lossy(&answer[at..]).into_owned(),
        )),
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not an HTTP answer",
        )),
    }
}
