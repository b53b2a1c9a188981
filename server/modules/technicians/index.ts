/** The technicians module's surface: technicians (技师), certificates, absences, vehicles. */
export { techniciansRoutes } from './technicians.routes';
export { createTechnician, addCertification, addAbsence, createVehicle, findTechniciansOfOutlets } from './technicians.service';
export type { TechnicianRow, CertificationRow, AbsenceRow, VehicleRow } from './technicians.repository';
export {
  findTechniciansWithFacts,
  findTechnicianNames,
  lockTechnician,
  lockTechniciansInOrder,
  findOutletTechnicians,
  findTechniciansByIds,
  findPermittedTechnicianIds,
  findAbsencesOverlapping,
  findOutletVehicles,
  findVehiclesByIds,
} from './technicians.repository';
