import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Heartbeat } from '../lib/contracts/heartbeats';

// Results waiting for the server, on disk: one file per batch, named by a sequence
// number, written to a temporary name, fsynced and renamed, so a crash leaves either the
// whole batch or nothing. Delivered oldest first; over `maxBytes` the oldest are dropped.

export interface SpoolFile {
  name: string;
  heartbeats: Heartbeat[];
}

export class Spool {
  private sequence: number;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly onDrop: (batches: number, heartbeats: number) => void = () => undefined,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) if (name.endsWith('.tmp')) unlinkSync(path.join(dir, name));
    const last = this.files().at(-1);
    this.sequence = last ? Number.parseInt(last, 10) : 0;
  }

  private files(): string[] {
    return readdirSync(this.dir)
      .filter((name) => /^\d{16}\.json$/.test(name))
      .sort();
  }

  get batches(): number {
    return this.files().length;
  }

  get bytes(): number {
    return this.files().reduce((total, name) => total + statSync(path.join(this.dir, name)).size, 0);
  }

  append(heartbeats: Heartbeat[]): void {
    if (heartbeats.length === 0) return;
    this.sequence += 1;
    const name = `${String(this.sequence).padStart(16, '0')}.json`;
    const temporary = path.join(this.dir, `${name}.tmp`);
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(heartbeats));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path.join(this.dir, name));
    this.enforceCap();
  }

  oldest(): SpoolFile | null {
    for (const name of this.files()) {
      try {
        return { name, heartbeats: JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')) as Heartbeat[] };
      } catch {
        // A damaged file cannot be delivered; skip it rather than block everything behind it.
        unlinkSync(path.join(this.dir, name));
        this.onDrop(1, 0);
      }
    }
    return null;
  }

  remove(file: SpoolFile): void {
    try {
      unlinkSync(path.join(this.dir, file.name));
    } catch {
      // already gone
    }
  }

  private enforceCap(): void {
    const files = this.files();
    let total = files.reduce((sum, name) => sum + statSync(path.join(this.dir, name)).size, 0);
    let droppedBatches = 0;
    let droppedHeartbeats = 0;
    for (const name of files) {
      if (total <= this.maxBytes || files.length - droppedBatches <= 1) break;
      const file = path.join(this.dir, name);
      const size = statSync(file).size;
      try {
        droppedHeartbeats += (JSON.parse(readFileSync(file, 'utf8')) as unknown[]).length;
      } catch {
        // count it as a batch only
      }
      unlinkSync(file);
      total -= size;
      droppedBatches += 1;
    }
    if (droppedBatches) this.onDrop(droppedBatches, droppedHeartbeats);
  }
}
