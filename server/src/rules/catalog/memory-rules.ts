// Memory and DMA rules (DK5xx): buffers, mappings and DMA commands.
import type { Rule } from '../rule';

export const MEMORY_RULES: readonly Rule[] = [];
