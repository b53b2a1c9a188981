/**
 * Public types of the route optimizer.
 *
 * Units: every time value (shift windows, job windows, service durations,
 * working/travel limits, arrival times in the output) is in the SAME unit as
 * the duration matrix. The server uses seconds (or minutes) since midnight;
 * the benchmarks use the instance's own abstract unit. Costs are in the unit
 * of the distance matrix (or the duration matrix when no distance matrix is given).
 */

/** A travel matrix indexed by location index: `durations[from][to]`. */
export type Matrix = {
  /** Travel times, `durations[i][j]` from location i to location j. Required. */
  durations: number[][];
  /** Travel distances (optional). When given, the objective minimizes distance; otherwise it minimizes travel time. */
  distances?: number[][];
};

/** A geographic point (WGS84 degrees). */
export type LatLng = { lat: number; lng: number };

/** Pluggable matrix source, e.g. a road-network / map service. */
export type MatrixProvider = {
  getMatrix(points: LatLng[]): Promise<Matrix>;
};

/** A time window `[start, end]`: service must START within it. */
export type TimeWindow = { start: number; end: number };

/** A technician (vehicle). */
export type Vehicle = {
  id: string;
  /** Display name used in explanations (defaults to id). */
  name?: string;
  /** Index into the matrix where the route starts (outlet, home...). */
  startLocation: number;
  /** Index into the matrix where the route ends. Omit for an open route (ends at the last job). */
  endLocation?: number;
  /** Shift: the route leaves the start no earlier than `start` and reaches the end no later than `end`. Default: unbounded. */
  shift?: TimeWindow;
  /** Skills the technician has. A job is only given to a vehicle that has all its required skills. */
  skills?: string[];
  /** Capacity (e.g. parts that fit in the van). Default: unlimited. */
  capacity?: number;
  /** Maximum working time = total travel time + total service time (waiting excluded). */
  maxWorkingTime?: number;
  /** Maximum total travel time of the route. */
  maxTravelTime?: number;
};

/** A service job (visit). */
export type Job = {
  id: string;
  /** Index into the matrix. */
  location: number;
  /** Service duration at the location (default 0). */
  serviceDuration?: number;
  /** One or more time windows in which service may start. Default: any time. */
  timeWindows?: TimeWindow[];
  /** Skills required from the technician. */
  requiredSkills?: string[];
  /**
   * Priority, integer 0..5 (default 0). The solver first maximizes the total
   * weight of served jobs, weight = 100^priority (one job of priority p+1
   * outweighs 99 jobs of priority p), then minimizes travel.
   */
  priority?: number;
  /** Demand against the vehicle's capacity (default 0). */
  demand?: number;
  /** Pin the job to this vehicle id (re-planning after a dispatcher's edit). */
  pinnedVehicleId?: string;
  /**
   * With `pinnedVehicleId`: jobs pinned to the same vehicle are kept in
   * ascending `pinnedSequence` order (other jobs may be interleaved).
   */
  pinnedSequence?: number;
};

export type RoutingProblem = {
  /** Optional coordinates of the locations (informational; the matrix is authoritative). */
  locations?: LatLng[];
  matrix: Matrix;
  vehicles: Vehicle[];
  jobs: Job[];
};

export type SolveOptions = {
  /** PRNG seed (default 1). Same seed + same iteration limit => identical result. */
  seed?: number;
  /** Wall-clock budget in milliseconds (default 5000). */
  timeBudgetMs?: number;
  /**
   * Stop after this many iterations without improving the best solution.
   * Default: 2000 * number of jobs (minimum 5000).
   */
  maxIterationsWithoutImprovement?: number;
  /**
   * Hard iteration limit. When set, the annealing schedule follows iterations
   * (not wall time) so the run is fully deterministic as long as the time budget
   * does not cut it short.
   */
  maxIterations?: number;
};

export type UnassignedReason =
  | 'NO_SKILLED_VEHICLE'
  | 'WINDOW_UNREACHABLE'
  | 'SHIFT_TOO_SHORT'
  | 'CAPACITY'
  | 'MAX_WORKING_TIME'
  | 'MAX_TRAVEL_TIME'
  | 'PINNED_ORDER'
  | 'NO_FEASIBLE_SLOT';

export type Stop = {
  jobId: string;
  location: number;
  /** Arrival time at the location. */
  arrival: number;
  /** Waiting before service (start - arrival). */
  waiting: number;
  /** Service start. */
  start: number;
  /** Service end (start + service duration). */
  end: number;
  /** Load on board after this stop has been served, counted as cumulative demand delivered so far. */
  loadAfter: number;
};

export type Route = {
  vehicleId: string;
  vehicleName: string;
  /** Departure from the start location. */
  departure: number;
  /** Arrival at the end location (equals the last stop's end for open routes). */
  returnTime: number;
  stops: Stop[];
  travelTime: number;
  distance: number;
  serviceTime: number;
  waitingTime: number;
  /** travelTime + serviceTime. */
  workingTime: number;
  load: number;
};

export type JobExplanation = {
  jobId: string;
  assigned: boolean;
  vehicleId?: string;
  /** 1-based stop number. */
  stopNumber?: number;
  arrival?: number;
  start?: number;
  reason?: UnassignedReason;
  /** Human readable, e.g. "assigned to 张三, stop 3, arrives 10:12". */
  text: string;
};

export type RoutingSolution = {
  routes: Route[];
  unassigned: { jobId: string; reason: UnassignedReason; message: string }[];
  explanations: JobExplanation[];
  totals: {
    /** Objective value: total distance (or total travel time without a distance matrix). */
    cost: number;
    distance: number;
    travelTime: number;
    serviceTime: number;
    waitingTime: number;
    vehiclesUsed: number;
    assignedJobs: number;
    unassignedJobs: number;
  };
  stats: {
    iterations: number;
    elapsedMs: number;
    seed: number;
    improvements: number;
    /** Set by `solveParallel`: number of worker threads used (0 = fell back to in-process runs). */
    workerThreads?: number;
  };
};
