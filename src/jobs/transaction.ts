// The job queue's transactions are the store's: re-exported so jobs code keeps one import path.
export { writeTransaction } from '../store/transaction.ts';
