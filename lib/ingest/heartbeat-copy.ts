// Heartbeats as the data of `COPY heartbeats (HEARTBEAT_COPY_COLUMNS) FROM STDIN (FORMAT
// binary)`: how ingest writes a batch, and how bench:ingest measures COPY against it. In
// binary, PostgreSQL parses no timestamps or uuids (about a microsecond of its time a row
// less than text, measured in one session, batches of 500), and nothing needs escaping.

export const HEARTBEAT_COPY_COLUMNS = 'time, monitor_id, agent_id, status, latency_ms, error_message';

/** PostgreSQL's epoch (2000-01-01 UTC) in Unix microseconds: binary times count from it. */
const PG_EPOCH_MICROS = Date.UTC(2000, 0, 1) * 1000;
/** The signature, the flags (none) and the header extension's length (none). */
const HEADER = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
/** A row's bytes without its status and error message: field count, lengths, time, two uuids, latency. */
const ROW_BYTES = 2 + 6 * 4 + 8 + 16 + 16 + 4;

export class HeartbeatCopy {
  private data: Buffer;
  private at: number;
  private agentId = '';
  private agentHex = '';

  constructor(rows: number) {
    this.data = Buffer.allocUnsafe(HEADER.length + rows * (ROW_BYTES + 8) + 2);
    this.at = HEADER.copy(this.data, 0);
  }

  /** One row. `micros`: the time, in microseconds since the Unix epoch. */
  add(micros: number, monitorId: string, agentId: string, status: string, latencyMs: number | null | undefined, errorMessage: string | null | undefined): void {
    if (agentId !== this.agentId) {
      this.agentId = agentId;
      this.agentHex = agentId.replaceAll('-', '');
    }
    this.room(ROW_BYTES + status.length + (errorMessage == null ? 0 : Buffer.byteLength(errorMessage)));
    const data = this.data;
    let at = data.writeInt16BE(6, this.at);
    const since = micros - PG_EPOCH_MICROS;
    const high = Math.floor(since / 0x1_0000_0000);
    at = data.writeInt32BE(8, at);
    at = data.writeInt32BE(high, at);
    at = data.writeUInt32BE(since - high * 0x1_0000_0000, at);
    at = data.writeInt32BE(16, at);
    at += data.write(monitorId.replaceAll('-', ''), at, 16, 'hex');
    at = data.writeInt32BE(16, at);
    at += data.write(this.agentHex, at, 16, 'hex');
    at = data.writeInt32BE(status.length, at);
    at += data.write(status, at, 'latin1');
    if (latencyMs == null) at = data.writeInt32BE(-1, at);
    else at = data.writeInt32BE(latencyMs, data.writeInt32BE(4, at));
    if (errorMessage == null) at = data.writeInt32BE(-1, at);
    else {
      const length = data.write(errorMessage, at + 4, 'utf8');
      at = data.writeInt32BE(length, at) + length;
    }
    this.at = at;
  }

  /** The COPY data: the rows and the trailer. */
  finish(): Buffer {
    this.room(2);
    return this.data.subarray(0, this.data.writeInt16BE(-1, this.at));
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.data.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.at + bytes));
    this.data.copy(larger, 0, 0, this.at);
    this.data = larger;
  }
}
