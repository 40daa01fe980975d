// Memory and DMA rules (DK5xx): buffers, mappings and DMA commands.
import { memoryMapPrivateApi } from '../dk501-memory-map-private-api';
import { bufferLengthNeverSet } from '../dk502-buffer-length-never-set';
import { bufferCreateBadArguments } from '../dk503-buffer-create-bad-arguments';
import { dmaPrepareCompletePairing } from '../dk504-dma-prepare-complete-pairing';
import { dmaSpecificationUninitialized } from '../dk505-dma-specification-uninitialized';
import type { Rule } from '../rule';

export const MEMORY_RULES: readonly Rule[] = [memoryMapPrivateApi, bufferLengthNeverSet, bufferCreateBadArguments, dmaPrepareCompletePairing, dmaSpecificationUninitialized];
