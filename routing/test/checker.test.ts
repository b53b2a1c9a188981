import { describe, expect, it } from 'vitest';
import { checkCordeau, checkSolomon, parseCordeau, parseSolomon } from '../solution-checker';

// depot at (0,0), due 100; customers on the axes. CRLF like the real files.
const SOLOMON = [
  'TOY',
  '',
  'VEHICLE',
  'NUMBER     CAPACITY',
  '  2         10',
  '',
  'CUSTOMER',
  'CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME',
  ' ',
  '    0      0         0          0          0       100          0   ',
  '    1      3         4          4          0        10          5   ',
  '    2      6         8          4         20        30          5   ',
  '    3      0        10          5          0        50          1   ',
  '',
].join('\r\n');

describe('Solomon checker', () => {
  const inst = parseSolomon(SOLOMON);
  it('parses the CRLF format', () => {
    expect(inst.vehicles).toBe(2);
    expect(inst.capacity).toBe(10);
    expect(inst.nodes).toHaveLength(4);
    expect(inst.nodes[2]).toEqual({ id: 2, x: 6, y: 8, demand: 4, ready: 20, due: 30, service: 5 });
  });
  it('accepts a feasible solution and computes the exact distance', () => {
    // route 1: 0-1-2-0 = 5 + 5 + 10; route 2: 0-3-0 = 20
    const r = checkSolomon(inst, [[1, 2], [3]]);
    expect(r.errors).toEqual([]);
    expect(r.feasible).toBe(true);
    expect(r.distance).toBe(40);
    expect(r.vehiclesUsed).toBe(2);
  });
  it('accepts service starting exactly at the due time (waiting allowed)', () => {
    // 0-1: arrive 5, start 5, leave 10; 1-2 arrive 15, wait to 20
    expect(checkSolomon(inst, [[1, 2], [3]]).feasible).toBe(true);
    const tight = parseSolomon(SOLOMON.replace('    1      3         4          4          0        10', '    1      3         4          4          0         5'));
    expect(checkSolomon(tight, [[1, 2], [3]]).feasible).toBe(true);
    const late = parseSolomon(SOLOMON.replace('    1      3         4          4          0        10', '    1      3         4          4          0         4.999'));
    expect(checkSolomon(late, [[1, 2], [3]]).feasible).toBe(false);
  });
  it('rejects a missing customer', () => {
    const r = checkSolomon(inst, [[1, 2]]);
    expect(r.feasible).toBe(false);
    expect(r.errors.join()).toMatch(/customer 3 not served/);
  });
  it('rejects a customer served twice', () => {
    expect(checkSolomon(inst, [[1, 2], [3, 1]]).errors.join()).toMatch(/served 2 times/);
  });
  it('rejects a time-window violation', () => {
    // 0-2-1: customer 1 starts at 20+5+5 = 30 > 10
    expect(checkSolomon(inst, [[2, 1], [3]]).errors.join()).toMatch(/customer 1 service starts 30 after due 10/);
  });
  it('rejects a capacity violation', () => {
    // 2-3 load 9 ok; 1-2-3 load 13 > 10 (and 3 is late? 0-1-2: leave 25, to 3 dist 6.32 -> 31.3 <= 50 ok)
    const r = checkSolomon(inst, [[1, 2, 3]]);
    expect(r.errors.join()).toMatch(/load 13 > capacity 10/);
  });
  it('rejects more routes than vehicles', () => {
    expect(checkSolomon(inst, [[1], [2], [3]]).errors.join()).toMatch(/3 vehicles used > fleet 2/);
  });
  it('rejects a late return to the depot', () => {
    const short = parseSolomon(SOLOMON.replace('    0      0         0          0          0       100', '    0      0         0          0          0        30'));
    expect(checkSolomon(short, [[1, 2], [3]]).errors.join()).toMatch(/returns to depot at 35/);
  });
  it('rejects an invalid id', () => {
    expect(checkSolomon(inst, [[1, 2], [3, 0]]).errors.join()).toMatch(/invalid customer id 0/);
  });
});

const CORDEAU = `2 1 3 2
10 5
0 5
 1 1 0 2 3 1 2 1 2
 2 2 0 2 3 1 2 1 2
 3 -1 0 0 4 1 2 1 2
 4 0 0 0 0
 5 0 0 0 0
`;

describe('Cordeau checker', () => {
  const inst = parseCordeau(CORDEAU, 'toy');
  it('parses depots and customers', () => {
    expect(inst.vehiclesPerDepot).toBe(1);
    expect(inst.depots).toEqual([
      { maxDuration: 10, capacity: 5, x: 0, y: 0 },
      { maxDuration: 0, capacity: 5, x: 0, y: 0 },
    ]);
    expect(inst.customers[2]).toEqual({ id: 3, x: -1, y: 0, service: 0, demand: 4 });
  });
  it('reports an unserved customer', () => {
    const r = checkCordeau(inst, [
      { depot: 0, customers: [1] },
      { depot: 1, customers: [3] },
    ]);
    expect(r.errors).toEqual(['customer 2 not served']);
  });
  it('checks duration (travel + service), capacity and routes per depot', () => {
    const dur = checkCordeau(inst, [
      { depot: 0, customers: [2] }, // 2 + 2 + 2 = 6 <= 10
      { depot: 1, customers: [1] },
    ]);
    expect(dur.errors.join()).toMatch(/customer 3 not served/);
    const over = checkCordeau(inst, [{ depot: 0, customers: [1, 2] }, { depot: 1, customers: [3] }]);
    // depot 0: travel 1+1+2 plus service 2+2 = 8 <= 10, but load 6 > 5
    expect(over.errors.join()).toMatch(/load 6 > capacity 5/);
    const two = checkCordeau(inst, [{ depot: 1, customers: [1] }, { depot: 1, customers: [2] }, { depot: 0, customers: [3] }]);
    expect(two.errors.join()).toMatch(/depot 1: 2 routes > 1/);
    const ok = checkCordeau(
      { ...inst, vehiclesPerDepot: 2 },
      [{ depot: 1, customers: [1] }, { depot: 1, customers: [2] }, { depot: 0, customers: [3] }],
    );
    expect(ok.errors).toEqual([]);
    expect(ok.distance).toBe(2 + 4 + 2);
    const tooLong = parseCordeau(CORDEAU.replace('10 5', '5.9 5'), 'toy');
    expect(checkCordeau({ ...tooLong, vehiclesPerDepot: 2 }, [{ depot: 0, customers: [2] }, { depot: 1, customers: [1] }, { depot: 1, customers: [3] }]).errors).toEqual([
      'route 0: duration 6 > 5.9',
    ]);
  });
});
