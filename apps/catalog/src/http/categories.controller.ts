import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { Public, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { CategoriesService } from '../application/categories.service';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

/** The category tree. */
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Public()
  @Get()
  @Answers('CategoryViews')
  tree() {
    return this.categories.tree();
  }

  @Post()
  @Roles('merchant', 'admin')
  @Answers('CategoryView')
  create(@Body() dto: CreateCategoryDto) {
    return this.categories.create(dto);
  }

  /** Rename, re-slug or move a category with its whole subtree. */
  @Patch(':id')
  @Roles('merchant', 'admin')
  @Answers('CategoryView')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCategoryDto) {
    return this.categories.update(id, dto);
  }
}
