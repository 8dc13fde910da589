;; The streaming scan's fused kernel for 4-band uint16 predictor-2 block pairs (cvaBlockPairPredicted4
;; in cva-block.ts is the reference, and must agree bit for bit: test/unit/perf/cva4-wasm.test.ts).
;; One pixel is one 64-bit lane group: the predictor's running sums are ONE i16x8.add per pixel and
;; date (wrapping mod 2^16 like libtiff), the four squared differences two i64x2 extending
;; multiplies (exact: a difference of two uint16 squared needs 32 bits, four of them 34).
;; Build: `npm run build:wasm` (wabt) regenerates cva4-wasm-bytes.ts from this file.
(module
  (memory (export "memory") 1)
  (global $watched (mut i32) (i32.const 0))

  ;; Watched pixels of the last cva4 call.
  (func (export "watched") (result i32) (global.get $watched))

  ;; Deltas of both blocks at $before/$after (rows of $blockWidth pixels × 8 bytes); the region's
  ;; state bytes at $state, packed $width per row. Changed pixels are appended at $out as f32
  ;; [row, col, score, Σ(after − before)], row/col offset by $rowBase/$colBase. Returns their count.
  (func (export "cva4")
    (param $before i32) (param $after i32) (param $state i32) (param $out i32)
    (param $blockWidth i32) (param $col0 i32) (param $row0 i32) (param $width i32) (param $height i32)
    (param $pre f64) (param $threshold f64) (param $rowBase i32) (param $colBase i32)
    (result i32)
    (local $r i32) (local $pb i32) (local $pa i32) (local $s i32) (local $end i32) (local $c i32)
    (local $rowStart i32) (local $st i32) (local $n i32) (local $w i32) (local $o i32)
    (local $sb v128) (local $sa v128) (local $d v128) (local $sq v128)
    (local $sum i64) (local $score f32)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $height)))
        (local.set $rowStart (i32.shl (i32.mul (i32.add (local.get $row0) (local.get $r)) (local.get $blockWidth)) (i32.const 3)))
        (local.set $pb (i32.add (local.get $before) (local.get $rowStart)))
        (local.set $pa (i32.add (local.get $after) (local.get $rowStart)))
        (local.set $sb (v128.const i64x2 0 0))
        (local.set $sa (v128.const i64x2 0 0))
        ;; Pixels left of the region only feed the running sums.
        (local.set $end (i32.add (local.get $pb) (i32.shl (local.get $col0) (i32.const 3))))
        (block $prefix_done
          (loop $prefix
            (br_if $prefix_done (i32.ge_u (local.get $pb) (local.get $end)))
            (local.set $sb (i16x8.add (local.get $sb) (v128.load64_zero (local.get $pb))))
            (local.set $sa (i16x8.add (local.get $sa) (v128.load64_zero (local.get $pa))))
            (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (br $prefix)))
        (local.set $s (i32.add (local.get $state) (i32.mul (local.get $r) (local.get $width))))
        (local.set $end (i32.add (local.get $s) (local.get $width)))
        (local.set $c (local.get $colBase))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $s) (local.get $end)))
            (local.set $sb (i16x8.add (local.get $sb) (v128.load64_zero (local.get $pb))))
            (local.set $sa (i16x8.add (local.get $sa) (v128.load64_zero (local.get $pa))))
            (local.set $st (i32.load8_u (local.get $s)))
            ;; STATE_WATCHED = 2, STATE_OBSERVED = 4, STATE_CHANGED = 1 (cva-block.ts).
            (if (i32.and (local.get $st) (i32.const 2))
              (then
                (local.set $w (i32.add (local.get $w) (i32.const 1)))
                (local.set $d (i32x4.sub (i32x4.extend_low_i16x8_u (local.get $sa)) (i32x4.extend_low_i16x8_u (local.get $sb))))
                (local.set $sq (i64x2.add (i64x2.extmul_low_i32x4_s (local.get $d) (local.get $d)) (i64x2.extmul_high_i32x4_s (local.get $d) (local.get $d))))
                (local.set $sum (i64.add (i64x2.extract_lane 0 (local.get $sq)) (i64x2.extract_lane 1 (local.get $sq))))
                (local.set $st (i32.or (local.get $st) (i32.const 4)))
                (if (f64.gt (f64.convert_i64_s (local.get $sum)) (local.get $pre))
                  (then
                    ;; The score as the reference rounds it: float64 sqrt, then float32.
                    (local.set $score (f32.demote_f64 (f64.sqrt (f64.convert_i64_s (local.get $sum)))))
                    (if (f64.gt (f64.promote_f32 (local.get $score)) (local.get $threshold))
                      (then
                        (local.set $st (i32.or (local.get $st) (i32.const 1)))
                        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 4))))
                        (f32.store (local.get $o) (f32.convert_i32_s (i32.add (local.get $rowBase) (local.get $r))))
                        (f32.store offset=4 (local.get $o) (f32.convert_i32_s (local.get $c)))
                        (f32.store offset=8 (local.get $o) (local.get $score))
                        (f32.store offset=12 (local.get $o)
                          (f32.convert_i32_s
                            (i32.add
                              (i32.add (i32x4.extract_lane 0 (local.get $d)) (i32x4.extract_lane 1 (local.get $d)))
                              (i32.add (i32x4.extract_lane 2 (local.get $d)) (i32x4.extract_lane 3 (local.get $d))))))
                        (local.set $n (i32.add (local.get $n) (i32.const 1)))))))
                (i32.store8 (local.get $s) (local.get $st))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
    (global.set $watched (local.get $w))
    (local.get $n)))
