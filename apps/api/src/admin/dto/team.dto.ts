import { IsString, Matches } from 'class-validator';

/** A team's id: what users, cases and the council sign-in's team map refer to; never changed once made. */
export const TEAM_ID = /^[a-z0-9-]{1,40}$/;
export const TEAM_ID_RULE = 'id must be 1-40 lower-case letters, digits or hyphens, such as north or early-years';
/** A team's name as people read it: letters, digits, spaces and ordinary punctuation. */
const TEAM_NAME = /^(?=.*\S)[\p{L}\p{M}\p{N}' .,()&/-]{1,100}$/u;
const TEAM_NAME_RULE = 'name must be 1-100 letters, digits, spaces or punctuation such as . , ( ) & / -';

export class CreateTeamDto {
  @IsString() @Matches(TEAM_ID, { message: TEAM_ID_RULE }) id!: string;
  @IsString() @Matches(TEAM_NAME, { message: TEAM_NAME_RULE }) name!: string;
}

export class RenameTeamDto {
  @IsString() @Matches(TEAM_NAME, { message: TEAM_NAME_RULE }) name!: string;
}
