import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Install-wide values generated once and kept (the JWT secret when JWT_SECRET is unset). */
@Entity('app_setting')
export class AppSettingEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
