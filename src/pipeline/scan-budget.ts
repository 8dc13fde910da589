// A scan's memory budget when none is given: the engines' default and BW_MAX_MEMORY_MB's.
export const DEFAULT_SCAN_MEMORY_MB = 512;
