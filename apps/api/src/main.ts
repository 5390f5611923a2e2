import 'reflect-metadata';
import { probe } from '@ehc/workflow';
console.log('probe', probe);
