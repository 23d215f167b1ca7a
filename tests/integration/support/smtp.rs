//! A real SMTP server for tests: `mailin`'s protocol engine over a plain TCP listener on
//! loopback, keeping every received message in memory. It can misbehave on demand: answer
//! slowly, refuse messages with a given reply, or take a message and drop the connection
//! before its 250.

use mailin::{Action, Handler, Response, SessionBuilder};
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server treats the messages it receives.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Wait this long before answering each message.
    pub delay: Duration,
    /// Answer each recipient with this reply code (e.g. 550 no such mailbox, 451 try
    /// later) instead of 250. (At RCPT: `mailin` stays in its DATA state after refusing at
    /// the end of the data, and would not hear the client's QUIT.)
    pub reject: Option<u16>,
    /// Keep the next this many messages but close the connection instead of the 250.
    pub drop_before_ok: u32,
}

/// A received message.
#[derive(Debug, Clone)]
pub struct Received {
    /// RCPT TO addresses.
    pub to: Vec<String>,
    /// The raw message (headers and body).
    pub data: String,
}

#[derive(Clone, Default)]
struct Collect {
    store: Arc<Mutex<Vec<Received>>>,
    faults: Arc<Mutex<Faults>>,
    /// Set when this connection must close without answering.
    hang_up: Arc<std::sync::atomic::AtomicBool>,
    to: Vec<String>,
    buf: Vec<u8>,
}

impl Handler for Collect {
    fn rcpt(&mut self, _: &str) -> Response {
        match self.faults.lock().unwrap().reject {
            Some(code) => Response::custom(code, "Refused by the test server".into()),
            None => mailin::response::OK,
        }
    }
    fn data_start(&mut self, _: &str, _: &str, _: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.buf.clear();
        mailin::response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        let faults = self.faults.lock().unwrap().clone();
        std::thread::sleep(faults.delay);
        let data = String::from_utf8_lossy(&self.buf).into_owned();
        self.store.lock().unwrap().push(Received {
            to: self.to.clone(),
            data,
        });
        if faults.drop_before_ok > 0 {
            self.faults.lock().unwrap().drop_before_ok -= 1;
            self.hang_up
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        mailin::response::OK
    }
}

/// A running SMTP server (stops accepting when dropped... the thread ends with the test).
pub struct SmtpServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
    store: Arc<Mutex<Vec<Received>>>,
    faults: Arc<Mutex<Faults>>,
}

impl SmtpServer {
    /// Starts on a free port.
    pub fn start() -> Self {
        Self::start_on(0).expect("bind SMTP server")
    }

    /// Starts on `port` (0: any free port).
    pub fn start_on(port: u16) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        let store = Arc::new(Mutex::new(Vec::new()));
        let faults = Arc::new(Mutex::new(Faults::default()));
        let shared = store.clone();
        let shared_faults = faults.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let store = shared.clone();
                let faults = shared_faults.clone();
                std::thread::spawn(move || {
                    let peer = stream
                        .peer_addr()
                        .map(|a| a.ip())
                        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
                    let mut writer = stream.try_clone().expect("clone stream");
                    let mut reader = BufReader::new(stream);
                    let builder = SessionBuilder::new("smtp.test");
                    let hang_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
                    let mut session = builder.build(
                        peer,
                        Collect {
                            store,
                            faults,
                            hang_up: hang_up.clone(),
                            ..Collect::default()
                        },
                    );
                    if session.greeting().write_to(&mut writer).is_err() {
                        return;
                    }
                    let mut line = Vec::new();
                    loop {
                        line.clear();
                        match reader.read_until(b'\n', &mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) => {}
                        }
                        let res = session.process(&line);
                        if hang_up.load(std::sync::atomic::Ordering::SeqCst) {
                            let _ = writer.shutdown(std::net::Shutdown::Both);
                            return;
                        }
                        match res.action {
                            Action::Reply => {
                                if res.write_to(&mut writer).is_err() {
                                    return;
                                }
                                let _ = writer.flush();
                            }
                            Action::Close => {
                                let _ = res.write_to(&mut writer);
                                return;
                            }
                            Action::UpgradeTls => return,
                            Action::NoReply => {}
                        }
                    }
                });
            }
        });
        Ok(Self {
            port,
            store,
            faults,
        })
    }

    /// Changes how the server treats the next messages.
    pub fn set_faults(&self, faults: Faults) {
        *self.faults.lock().unwrap() = faults;
    }

    /// Messages received so far.
    pub fn received(&self) -> Vec<Received> {
        self.store.lock().unwrap().clone()
    }
}

/// A loopback port with nothing listening (bound, then released).
pub fn unused_port() -> u16 {
    let l = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    l.local_addr().unwrap().port()
}
