/**
 * A minimal RFC 2865 RADIUS responder standing in for FreeIPA's ipa-otpd behind the KDC's `otp`
 * preauth module, so OTP logins (Fedora accounts with 2FA) can be tested against a real KDC.
 *
 * It runs inside the test process: the KDC sends it an Access-Request whose User-Password carries
 * what the user typed at "Enter OTP Token Value:" (password and code concatenated, as in FreeIPA),
 * and it answers Access-Accept iff that equals the configured value. It only works while the test
 * process's event loop runs, so tests must not block it with synchronous child processes.
 */
import crypto from 'node:crypto';
import dgram from 'node:dgram';

const ACCESS_REQUEST = 1;
const ACCESS_ACCEPT = 2;
const ACCESS_REJECT = 3;
const ATTR_USER_PASSWORD = 2;
const HEADER_LENGTH = 20;

/** Where to listen, the shared secret from the KDC's `[otp]` section, and the accepted value. */
export interface RadiusOptions {
  /** UDP port on 127.0.0.1; 0 lets the kernel choose (read it back from `port`). */
  readonly port: number;
  readonly secret: string | Buffer;
  /** The full User-Password value to accept, e.g. `otpuserpw123456`. */
  readonly accept: string;
}

/** A running responder. */
export interface RadiusResponder {
  readonly port: number;
  /** Changes the accepted value for later requests (e.g. to simulate the next OTP code). */
  setAccept(value: string): void;
  close(): Promise<void>;
}

/** One RADIUS attribute (type, raw value). */
export interface RadiusAttribute {
  readonly type: number;
  readonly value: Buffer;
}

/** Starts the responder on 127.0.0.1:`port`/udp; resolves once it is bound. */
export async function startRadius(options: RadiusOptions): Promise<RadiusResponder> {
  const secret = Buffer.from(options.secret);
  let accept = options.accept;
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, peer) => {
    const reply = answer(msg, secret, accept);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  const port = await bind(socket, options.port);
  let closed: Promise<void> | undefined;
  return {
    port,
    setAccept: (value) => {
      accept = value;
    },
    close: () => (closed ??= new Promise((resolve) => socket.close(() => resolve()))),
  };
}

/**
 * Builds the reply to one datagram, or null for anything that is not a well-formed Access-Request
 * (a real server silently drops those too, RFC 2865 §3).
 */
export function answer(msg: Buffer, secret: Buffer, accept: string): Buffer | null {
  if (msg.length < HEADER_LENGTH || msg[0] !== ACCESS_REQUEST) return null;
  const length = msg.readUInt16BE(2);
  if (length < HEADER_LENGTH || length > msg.length) return null;
  const packet = msg.subarray(0, length);
  const requestAuth = packet.subarray(4, HEADER_LENGTH);
  const password = parseAttributes(packet).find((a) => a.type === ATTR_USER_PASSWORD);
  const typed = password ? decryptUserPassword(password.value, secret, requestAuth) : null;
  const code = typed !== null && typed === accept ? ACCESS_ACCEPT : ACCESS_REJECT;
  return buildReply(code, packet[1] ?? 0, requestAuth, secret);
}

/** Splits the attribute list after the 20-byte header; stops at the first malformed attribute. */
export function parseAttributes(packet: Buffer): RadiusAttribute[] {
  const attrs: RadiusAttribute[] = [];
  for (let i = HEADER_LENGTH; i + 2 <= packet.length;) {
    const type = packet[i] ?? 0;
    const len = packet[i + 1] ?? 0;
    if (len < 2 || i + len > packet.length) break;
    attrs.push({ type, value: packet.subarray(i + 2, i + len) });
    i += len;
  }
  return attrs;
}

/**
 * Reverses the User-Password hiding of RFC 2865 §5.2: each 16-byte block is XORed with
 * MD5(secret + previous ciphertext block), the first block chained from the Request Authenticator.
 * Returns null if the length is not a positive multiple of 16.
 */
export function decryptUserPassword(cipher: Buffer, secret: Buffer, requestAuth: Buffer): string | null {
  if (cipher.length === 0 || cipher.length % 16 !== 0) return null;
  const plain = Buffer.alloc(cipher.length);
  let previous = requestAuth;
  for (let offset = 0; offset < cipher.length; offset += 16) {
    const block = cipher.subarray(offset, offset + 16);
    const pad = md5(secret, previous);
    for (let j = 0; j < 16; j++) plain[offset + j] = (block[j] ?? 0) ^ (pad[j] ?? 0);
    previous = block;
  }
  return plain.toString('utf8').replace(/\0+$/, '');
}

/**
 * An attribute-less Access-Accept/Reject. The Response Authenticator is
 * MD5(Code + Identifier + Length + Request Authenticator + Attributes + Secret) (RFC 2865 §3);
 * krad drops replies whose authenticator does not match.
 */
export function buildReply(code: number, identifier: number, requestAuth: Buffer, secret: Buffer): Buffer {
  const reply = Buffer.alloc(HEADER_LENGTH);
  reply[0] = code;
  reply[1] = identifier;
  reply.writeUInt16BE(HEADER_LENGTH, 2);
  requestAuth.copy(reply, 4);
  md5(reply, secret).copy(reply, 4);
  return reply;
}

function md5(...parts: Buffer[]): Buffer {
  return crypto.createHash('md5').update(Buffer.concat(parts)).digest();
}

function bind(socket: dgram.Socket, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      socket.close();
      reject(error);
    };
    socket.once('error', fail);
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', fail);
      socket.on('error', () => undefined); // keep a late socket error from crashing the test run
      resolve(socket.address().port);
    });
  });
}
