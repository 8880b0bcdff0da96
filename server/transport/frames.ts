/**
 * A binary message as a whole unmasked websocket frame (RFC 6455 §5.2), built once per broadcast:
 * the one-entry cache holds the frame of the message being sent to every peer, so a broadcast
 * frames and copies it once instead of once per socket.
 */
let lastMessage: Uint8Array | undefined
let lastFrame: Buffer | undefined
export function frameOf(message: Uint8Array): Buffer {
  if (message === lastMessage && lastFrame) return lastFrame
  const length = message.byteLength
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10
  const frame = Buffer.allocUnsafe(header + length)
  frame[0] = 0x82 // FIN, binary
  if (header === 2) frame[1] = length
  else if (header === 4) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2)
    frame.writeUInt32BE(length >>> 0, 6)
  }
  frame.set(message, header)
  lastMessage = message
  lastFrame = frame
  return frame
}

/** Frames of several messages, one after the other, to be written at once. */
export function framesOf(messages: Uint8Array[]): Buffer {
  return messages.length === 1 ? frameOf(messages[0]) : Buffer.concat(messages.map((m) => frameOf(m)))
}
