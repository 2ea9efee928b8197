import type { THome } from '@qiangjian/shared';
import { api } from './api.js';

/** The role home page's figures (docs/HOME.md). */
export const getHome = () => api.get<THome>('/home');
