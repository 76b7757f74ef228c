//! A real SMTP server on loopback for tests: speaks enough SMTP for lettre (EHLO, MAIL,
//! RCPT, DATA, RSET, NOOP, QUIT), keeps every message, can be taken out of service and put
//! back, and can be made slow.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

impl ReceivedMail {
    pub fn parsed(&self) -> mailparse::ParsedMail<'_> {
        mailparse::parse_mail(&self.data).expect("a parsable message")
    }

    /// Every interview email carries a calendar invitation; account emails (verification,
    /// password reset) carry none.
    pub fn is_about_an_interview(&self) -> bool {
        fn has_calendar(part: &mailparse::ParsedMail<'_>) -> bool {
            part.ctype.mimetype == "text/calendar" || part.subparts.iter().any(has_calendar)
        }
        has_calendar(&self.parsed())
    }

    /// The decoded bodies of every part with this MIME type, joined.
    pub fn body(&self, mime: &str) -> String {
        fn walk(part: &mailparse::ParsedMail<'_>, mime: &str, out: &mut Vec<String>) {
            if part.ctype.mimetype == mime {
                out.push(part.get_body().unwrap_or_default());
            }
            for sub in &part.subparts {
                walk(sub, mime, out);
            }
        }
        let mut found = Vec::new();
        walk(&self.parsed(), mime, &mut found);
        found.join("\n")
    }

    /// The single-use token in the email's link fragment (`…#token=…`), if any.
    pub fn link_token(&self) -> Option<String> {
        let text = self.body("text/plain");
        let start = text.find("#token=")? + "#token=".len();
        let token: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        (!token.is_empty()).then_some(token)
    }

    pub fn subject(&self) -> String {
        use mailparse::MailHeaderMap;
        self.parsed()
            .headers
            .get_first_value("Subject")
            .unwrap_or_default()
    }
}

pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    /// Cleared during an outage. The listener keeps its port throughout, so coming back
    /// never races another process for it.
    in_service: Arc<AtomicBool>,
    server: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    /// Starts on a free port; `delay` is added before answering each command after DATA
    /// (a slow server).
    pub async fn start(delay: Duration) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind SMTP sink");
        let port = listener.local_addr().expect("address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let in_service = Arc::new(AtomicBool::new(true));
        let server = tokio::spawn(serve(
            listener,
            Connection {
                received: received.clone(),
                in_service: in_service.clone(),
                delay,
            },
        ));
        SmtpSink {
            port,
            received,
            in_service,
            server,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Takes the server out of service, as an MTA that is shutting down does: every new
    /// connection and every command on an open one is answered `421` and the connection
    /// closed, so nothing is accepted until [`Self::restart`].
    pub fn stop(&mut self) {
        self.in_service.store(false, Ordering::SeqCst);
    }

    /// Puts the server back in service on the same port.
    pub fn restart(&mut self) {
        self.in_service.store(true, Ordering::SeqCst);
    }

    /// Every interview email received so far (account emails are in [`Self::account_messages`]).
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.all_messages()
            .into_iter()
            .filter(ReceivedMail::is_about_an_interview)
            .collect()
    }

    /// Verification and password-reset emails received so far.
    pub fn account_messages(&self) -> Vec<ReceivedMail> {
        self.all_messages()
            .into_iter()
            .filter(|mail| !mail.is_about_an_interview())
            .collect()
    }

    pub fn all_messages(&self) -> Vec<ReceivedMail> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits until at least `count` interview emails arrived (or panics after `timeout`).
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedMail> {
        self.wait_for_matching(count, timeout, Self::messages).await
    }

    /// Waits for the first email to `to` whose subject contains `subject` (or panics).
    pub async fn wait_for_mail(&self, to: &str, subject: &str, timeout: Duration) -> ReceivedMail {
        let matching = |sink: &SmtpSink| {
            sink.all_messages()
                .into_iter()
                .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
                .filter(|m| m.subject().contains(subject))
                .collect::<Vec<_>>()
        };
        self.wait_for_matching(1, timeout, matching).await.remove(0)
    }

    async fn wait_for_matching(
        &self,
        count: usize,
        timeout: Duration,
        select: impl Fn(&SmtpSink) -> Vec<ReceivedMail>,
    ) -> Vec<ReceivedMail> {
        crate::eventually_showing(&format!("{count} message(s)"), timeout, || {
            let messages = select(self);
            let got = messages.len();
            async move {
                if got >= count {
                    Ok(messages)
                } else {
                    Err(format!("{got} received"))
                }
            }
        })
        .await
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// What every connection shares with the sink.
#[derive(Clone)]
struct Connection {
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    in_service: Arc<AtomicBool>,
    delay: Duration,
}

const OUT_OF_SERVICE: &[u8] = b"421 sink.test Service not available, closing channel\r\n";

async fn serve(listener: TcpListener, connection: Connection) {
    // Connections live in the JoinSet, so aborting this task closes them all.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    connections.spawn(session(stream, connection.clone()));
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn session(stream: TcpStream, connection: Connection) {
    let Connection {
        received,
        in_service,
        delay,
    } = connection;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let reply = |text: &'static str| text.as_bytes().to_vec();
    if !in_service.load(Ordering::SeqCst) {
        let _ = write.write_all(OUT_OF_SERVICE).await;
        return;
    }
    if write
        .write_all(&reply("220 sink.test ESMTP test sink\r\n"))
        .await
        .is_err()
    {
        return;
    }
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if !in_service.load(Ordering::SeqCst) {
            let _ = write.write_all(OUT_OF_SERVICE).await;
            return;
        }
        let command = line.trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        let answer: Vec<u8> = if upper.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 20000000\r\n".to_vec()
        } else if upper.starts_with("HELO") {
            reply("250 sink.test\r\n")
        } else if upper.starts_with("MAIL FROM:") {
            from = command[10..]
                .trim()
                .trim_matches(['<', '>'])
                .split('>')
                .next()
                .unwrap_or("")
                .to_string();
            to.clear();
            reply("250 OK\r\n")
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().trim_matches(['<', '>']).to_string());
            reply("250 OK\r\n")
        } else if upper == "DATA" {
            if write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await
                .is_err()
            {
                return;
            }
            let mut data = Vec::new();
            loop {
                let mut data_line = String::new();
                match lines.read_line(&mut data_line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if data_line == ".\r\n" || data_line == ".\n" {
                    break;
                }
                let unstuffed = data_line.strip_prefix('.').unwrap_or(&data_line);
                data.extend_from_slice(unstuffed.as_bytes());
            }
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            received.lock().expect("lock").push(ReceivedMail {
                from: from.clone(),
                to: to.clone(),
                data,
            });
            reply("250 OK queued\r\n")
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            reply("250 OK\r\n")
        } else if upper == "NOOP" {
            reply("250 OK\r\n")
        } else if upper == "QUIT" {
            let _ = write.write_all(b"221 Bye\r\n").await;
            return;
        } else {
            reply("502 Command not implemented\r\n")
        };
        if write.write_all(&answer).await.is_err() {
            return;
        }
    }
}
