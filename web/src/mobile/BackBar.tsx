import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { NavBar } from 'antd-mobile';

/** The bar of an inner page of the phone app: back to the order list. */
export function BackBar({ title, right }: { title: ReactNode; right?: ReactNode }) {
  const navigate = useNavigate();
  return (
    <NavBar className="m-navbar" onBack={() => navigate('/m')} right={right}>
      {title}
    </NavBar>
  );
}
