//! The language server's stdio transport: LSP's `Content-Length` frames
//! read and written here rather than by `lsp-server`, whose reader
//! allocates whatever length a header claims before reading a byte (a huge
//! value aborts the process) and ends the session on the first malformed
//! body. Here a frame over [`MAX_MESSAGE`] is skipped without being held in
//! memory, a body that is not a JSON-RPC message is skipped, and either is
//! reported to the client; the session goes on.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{bounded, Receiver, Sender};
use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{Notification as _, ShowMessage};
use lsp_types::{MessageType, ShowMessageParams};

/// The largest message read: far above any document an editor sends (a
/// 10 MB file is some 11 MB of JSON), far below what would exhaust memory.
pub const MAX_MESSAGE: u64 = 64 << 20;

/// The longest header line read; LSP's headers are a few dozen bytes.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// One frame read from the client.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A frame that was read and passed over, and why.
    Skipped(String),
    /// The stream ended (cleanly or not).
    End,
}

/// What makes the stream unreadable from here on: the frame boundaries are
/// lost, so nothing after it can be trusted.
#[derive(Debug, thiserror::Error)]
pub enum FramingError {
    #[error("malformed LSP header {0:?}")]
    Header(String),
    #[error("an LSP message without a Content-Length header")]
    NoLength,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Reads the next frame.
pub fn read_frame(input: &mut impl BufRead) -> Result<Frame, FramingError> {
    let Some(length) = read_headers(input)? else {
        return Ok(Frame::End);
    };
    if length > MAX_MESSAGE {
        // Passed over in the stream, a buffer at a time, never held.
        let skipped = io::copy(&mut input.take(length), &mut io::sink())?;
        if skipped < length {
            return Ok(Frame::End);
        }
        return Ok(Frame::Skipped(format!(
            "a message of {length} bytes is larger than the {} MiB parlance reads; skipped",
            MAX_MESSAGE >> 20
        )));
    }
    // `read_to_end` grows the buffer as bytes arrive, so a claimed length
    // is not allocated before the client sends it.
    let mut body = Vec::new();
    input.take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(Frame::End);
    }
    Ok(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Skipped(format!("a message that is not JSON-RPC ({e}); skipped")),
    })
}

/// The headers of one frame: its `Content-Length`, or `None` at the end of
/// the stream.
fn read_headers(input: &mut impl BufRead) -> Result<Option<u64>, FramingError> {
    let mut length = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.take(MAX_HEADER_LINE).read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let Some(header) = line.strip_suffix(b"\r\n") else {
            return Err(FramingError::Header(
                String::from_utf8_lossy(&line).into_owned(),
            ));
        };
        if header.is_empty() {
            return length.map(Some).ok_or(FramingError::NoLength);
        }
        let text = String::from_utf8_lossy(header);
        let Some((name, value)) = text.split_once(':') else {
            return Err(FramingError::Header(text.into_owned()));
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            let value = value.trim();
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(FramingError::Header(text.into_owned()));
            }
            // Digits beyond u64 are a length over the cap all the same.
            length = Some(value.parse::<u64>().unwrap_or(u64::MAX));
        }
    }
}

/// The two threads that move messages between stdio and a [`Connection`].
pub struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    pub fn join(self) -> io::Result<()> {
        // The reader may still be waiting on stdin after `exit`; it ends
        // with the process.
        drop(self.reader);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the LSP writer thread panicked")))
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_client, outgoing) = bounded::<Message>(0);
    let (incoming, from_client) = bounded::<Message>(0);
    let writer = thread::Builder::new()
        .name("parlance-lsp-writer".into())
        .spawn(move || write_all(&outgoing, &mut io::stdout().lock()))
        .expect("spawning the LSP writer thread");
    let notices = to_client.clone();
    let reader = thread::Builder::new()
        .name("parlance-lsp-reader".into())
        .spawn(move || read_all(&mut io::stdin().lock(), &incoming, &notices))
        .expect("spawning the LSP reader thread");
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, IoThreads { reader, writer })
}

fn write_all(outgoing: &Receiver<Message>, out: &mut impl Write) -> io::Result<()> {
    for message in outgoing {
        message.write(out)?;
    }
    Ok(())
}

/// Reads frames until `exit`, the end of the stream, or a framing error;
/// frames passed over are reported to the client as error messages.
fn read_all(input: &mut impl BufRead, incoming: &Sender<Message>, notices: &Sender<Message>) {
    loop {
        match read_frame(input) {
            Ok(Frame::Message(message)) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return;
                }
            }
            Ok(Frame::Skipped(why)) => {
                eprintln!("parlance lsp: {why}");
                let _ = notices.send(show_error(why));
            }
            Ok(Frame::End) => return,
            Err(e) => {
                // The session ends (the receiver disconnects); say why.
                eprintln!("parlance lsp: {e}; the stream cannot be read further");
                return;
            }
        }
    }
}

fn show_error(message: String) -> Message {
    Notification::new(
        ShowMessage::METHOD.to_string(),
        ShowMessageParams {
            typ: MessageType::ERROR,
            message: format!("parlance: {message}"),
        },
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<String> {
        let mut reader = io::BufReader::new(input);
        let mut out = Vec::new();
        loop {
            match read_frame(&mut reader) {
                Ok(Frame::Message(Message::Notification(n))) => out.push(n.method),
                Ok(Frame::Message(other)) => out.push(format!("{other:?}")),
                Ok(Frame::Skipped(why)) => out.push(format!("skipped: {why}")),
                Ok(Frame::End) => return out,
                Err(e) => {
                    out.push(format!("error: {e}"));
                    return out;
                }
            }
        }
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    /// Guards issue #21: a huge Content-Length crashed the server, and a
    /// large plausible one made it allocate that much before reading.
    #[test]
    fn a_length_over_the_cap_is_skipped_and_the_next_frame_read() {
        let too_long = MAX_MESSAGE + 1;
        let mut input = format!("Content-Length: {too_long}\r\n\r\n").into_bytes();
        input.resize(input.len() + too_long as usize, b' ');
        input.extend(frame(EXIT).bytes());
        let got = frames(&input);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("skipped: a message of 67108865 bytes"));
        assert_eq!(got[1], "exit");
    }

    #[test]
    fn a_length_beyond_any_integer_ends_the_stream_without_a_crash() {
        let got = frames(b"Content-Length: 99999999999999999999999999\r\n\r\n{}");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_claimed_length_longer_than_the_stream_is_its_end() {
        assert!(frames(b"Content-Length: 60000000\r\n\r\n{\"jsonrpc\"").is_empty());
    }

    #[test]
    fn a_body_that_is_not_json_rpc_is_skipped() {
        let input = format!("{}{}", frame("{not json"), frame(EXIT));
        let got = frames(input.as_bytes());
        assert!(got[0].starts_with("skipped: a message that is not JSON-RPC"));
        assert_eq!(got[1], "exit");
    }

    #[test]
    fn headers_are_read_as_the_protocol_writes_them() {
        let body = EXIT;
        let input = format!(
            "content-length:{}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}",
            body.len()
        );
        assert_eq!(frames(input.as_bytes()), ["exit"]);
        assert_eq!(
            frames(b"Content-Length: 2\n\n{}"),
            ["error: malformed LSP header \"Content-Length: 2\\n\""]
        );
        assert_eq!(
            frames(b"Content-Type: x\r\n\r\n"),
            ["error: an LSP message without a Content-Length header"]
        );
        assert_eq!(
            frames(b"Content-Length: -1\r\n\r\n"),
            ["error: malformed LSP header \"Content-Length: -1\""]
        );
    }
}
