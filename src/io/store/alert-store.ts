// The alert store: one SQLite file holding alerts, their observations and audit log, the tile
// catalog, silences and the notification outbox. Time always comes in from the caller.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { AlertCandidate } from '../../core/alerts/candidate.js';
import type { ReviewAction } from '../../core/alerts/lifecycle.js';
import type { AlertDetail, AlertRecord } from '../../core/alerts/record.js';
import type { Silence, SilenceSpec } from '../../core/alerts/silences.js';
import { exportAlerts, getAlert, listAlerts, type AlertFilters, type AlertPage } from './alert-queries.js';
import { applyCandidates, type ApplyOptions, type ApplySummary } from './apply-candidates.js';
import { openDatabase, type OpenOptions } from './open-database.js';
import { markNotificationSent, pendingNotifications, recordNotificationFailure, type OutboxEntry } from './outbox.js';
import { reviewAlert, reviewAlerts, type ReviewResult } from './review.js';
import { createSilence, deleteSilence, expireSilence, getSilence, listSilences, updateSilence, type SilenceResult } from './silence-repo.js';
import { statement, utcIso } from './statements.js';
import {
  getTile, nonTerminalTiles, setTileStatus, tileCounts, tilesByStatus, upsertTile,
  type SetTileStatusResult, type TileEntry, type TileRecord, type TileReject, type TileStatus, type UpsertTileResult,
} from './tile-catalog.js';

export class AlertStore {
  readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (creating and migrating if needed) the store at `path`. */
  static open(path: string, options?: OpenOptions): AlertStore {
    return new AlertStore(openDatabase(path, options));
  }

  close(): void {
    this.db.close();
  }

  // --- alerts ---------------------------------------------------------------------------------

  /** Create / update / reopen / suppress for a scan's candidates, all in one transaction. */
  applyCandidates(candidates: readonly AlertCandidate[], options: ApplyOptions): ApplySummary {
    return applyCandidates(this.db, candidates, options);
  }

  /** One review action (acknowledge, assign, confirm, dismiss, close, reopen, note). */
  transition(fingerprint: string, action: ReviewAction, actor: string, now: string): ReviewResult {
    return reviewAlert(this.db, fingerprint, action, actor, now);
  }

  /** The same review action on many alerts, in one transaction, one result each. */
  transitionMany(fingerprints: readonly string[], action: ReviewAction, actor: string, now: string): ReviewResult[] {
    return reviewAlerts(this.db, fingerprints, action, actor, now);
  }

  listAlerts(filters?: AlertFilters): AlertPage {
    return listAlerts(this.db, filters);
  }

  getAlert(fingerprint: string): AlertDetail | null {
    return getAlert(this.db, fingerprint);
  }

  exportAlerts(): IterableIterator<AlertRecord> {
    return exportAlerts(this.db);
  }

  /** Records where the before/after evidence chips of an alert were written. */
  setChipPaths(fingerprint: string, chips: { before: string; after: string }, now: string): boolean {
    return statement(this.db, 'UPDATE alerts SET chip_before_path = ?, chip_after_path = ?, updated_at = ? WHERE fingerprint = ?')
      .run(chips.before, chips.after, utcIso(now), fingerprint).changes === 1;
  }

  // --- tile catalog ---------------------------------------------------------------------------

  upsertTile(tile: TileEntry, now: string): UpsertTileResult {
    return upsertTile(this.db, tile, now);
  }

  getTile(id: string): TileRecord | null {
    return getTile(this.db, id);
  }

  setTileStatus(id: string, status: TileStatus, now: string, reject?: TileReject): SetTileStatusResult {
    return setTileStatus(this.db, id, status, now, reject);
  }

  tilesByStatus(status: TileStatus, limit?: number): TileRecord[] {
    return tilesByStatus(this.db, status, limit);
  }

  nonTerminalTiles(updatedBefore?: string): TileRecord[] {
    return nonTerminalTiles(this.db, updatedBefore);
  }

  tileCounts(): Record<TileStatus, number> {
    return tileCounts(this.db);
  }

  // --- silences -------------------------------------------------------------------------------

  createSilence(spec: SilenceSpec, now: string): SilenceResult {
    return createSilence(this.db, randomUUID(), spec, now);
  }

  getSilence(id: string): Silence | null {
    return getSilence(this.db, id);
  }

  listSilences(filter?: { activeAt?: string }): Silence[] {
    return listSilences(this.db, filter);
  }

  updateSilence(id: string, spec: SilenceSpec, now: string): SilenceResult | null {
    return updateSilence(this.db, id, spec, now);
  }

  expireSilence(id: string, now: string): Silence | null {
    return expireSilence(this.db, id, now);
  }

  deleteSilence(id: string): boolean {
    return deleteSilence(this.db, id);
  }

  // --- notification outbox --------------------------------------------------------------------

  pendingNotifications(limit?: number): OutboxEntry[] {
    return pendingNotifications(this.db, limit);
  }

  markNotificationSent(id: number, now: string): boolean {
    return markNotificationSent(this.db, id, utcIso(now));
  }

  recordNotificationFailure(id: number, error: string): void {
    recordNotificationFailure(this.db, id, error);
  }
}
