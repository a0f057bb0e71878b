/**
 * The zone spread in the emitted files: a plan sized to lose a zone (plan.zones, --zones > 1) rests on no zone taking
 * more than ceil(peers / zones) peers, which only DoNotSchedule enforces; so it is the default there, and an explicit
 * ScheduleAnyway beside it is bad input. Without zones the default stays ScheduleAnyway (goldens unchanged).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { QsizeInputError } from '../../src/errors.js';
import { renderFileSet } from '../../src/emit/index.js';
import { recommend } from '../../src/plan/index.js';
import { workload768 } from '../plan/fixtures.js';

const R6I = { cloud: 'aws' as const, families: ['r6i'] };
const zoneConstraint = (yaml: string) => parse(yaml).topologySpreadConstraints.find((c: { topologyKey: string }) => c.topologyKey === 'topology.kubernetes.io/zone');
const zoneSpread = (yaml: string) => zoneConstraint(yaml).whenUnsatisfiable;
const helm = (files: { path: string; content: string }[]) => files.find((f) => f.path === 'helm/values.yaml')!.content;

describe('zone spread', () => {
  const zoned = recommend(workload768(10e6), { zones: 3, placement: R6I }).plan;
  const free = recommend(workload768(10e6), { placement: R6I }).plan;

  it('is DoNotSchedule for a plan sized to lose a zone, ScheduleAnyway otherwise, and an explicit choice is kept where it does not conflict', () => {
    expect(zoneSpread(helm(renderFileSet(zoned, {}, ['helm']).files))).toBe('DoNotSchedule');
    expect(zoneSpread(helm(renderFileSet(free, {}, ['helm']).files))).toBe('ScheduleAnyway');
    expect(zoneSpread(helm(renderFileSet(free, { zoneSpread: 'DoNotSchedule' }, ['helm']).files))).toBe('DoNotSchedule');
    expect(zoneSpread(helm(renderFileSet(zoned, { zoneSpread: 'DoNotSchedule' }, ['helm']).files))).toBe('DoNotSchedule');
  });

  it('carries minDomains: 3 for 3 zones, so fewer zones with nodes leave pods Pending; none without zones (minDomains needs DoNotSchedule)', () => {
    expect(zoneConstraint(helm(renderFileSet(zoned, {}, ['helm']).files)).minDomains).toBe(3);
    expect(zoneConstraint(helm(renderFileSet(free, { zoneSpread: 'DoNotSchedule' }, ['helm']).files)).minDomains).toBeUndefined();
    expect(zoneConstraint(helm(renderFileSet(free, {}, ['helm']).files)).minDomains).toBeUndefined();
  });

  it('refuses ScheduleAnyway beside a plan sized to lose a zone, naming options.zoneSpread', () => {
    expect(() => renderFileSet(zoned, { zoneSpread: 'ScheduleAnyway' }, ['helm'])).toThrow(QsizeInputError);
    expect(() => renderFileSet(zoned, { zoneSpread: 'ScheduleAnyway' }, ['helm'])).toThrow(
      'options.zoneSpread: got "ScheduleAnyway", expected DoNotSchedule (or unset) for a plan sized to lose a zone',
    );
  });
});
